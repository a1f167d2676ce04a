/**
 * Face engines on the ONNX host: {@link dev.atelier.engines.face.BlazeFaceDetection} runs MediaPipe BlazeFace (front
 * 128² and back 256² variants): letterboxed NHWC input, 896 anchors decoded to boxes and six keypoints, weighted
 * non-maximum suppression, results in source pixels.
 */
package dev.atelier.engines.face;
