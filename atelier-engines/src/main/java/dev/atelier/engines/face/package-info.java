/**
 * Face engines on the ONNX host: {@link dev.atelier.engines.face.BlazeFaceDetection} runs MediaPipe BlazeFace (front
 * 128² and back 256² variants): letterboxed NHWC input, 896 anchors decoded to boxes and six keypoints, weighted
 * non-maximum suppression, results in source pixels. {@link dev.atelier.engines.face.FaceMesh} gives the 468 landmarks
 * and head pose; {@link dev.atelier.engines.face.BiSeNetFaceParsing} labels each pixel of a face crop with one of the
 * 19 CelebAMask-HQ regions ({@link dev.atelier.engines.FaceParsing}); {@link dev.atelier.engines.face.OnnxAgeEstimation}
 * estimates the apparent age of a face ({@link dev.atelier.engines.AgeEstimation}).
 */
package dev.atelier.engines.face;
