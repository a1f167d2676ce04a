/**
 * Colorization on the ONNX host: {@link dev.atelier.engines.colorize.DDColorColorization} predicts Lab chroma with a
 * DDColor-family model from the photo's lightness; the photo keeps its own full-resolution lightness.
 */
package dev.atelier.engines.colorize;
