/**
 * The TensorFlow.js importer: reads a TF.js graph model ({@code modelTopology.node}) or layers model (Keras
 * {@code model_config}) with its weight shards (fp32, float16- or uint8-quantised; plain or wrapped in JavaScript as
 * some npm packages ship them) and writes an equivalent ONNX graph with the shared
 * {@link dev.atelier.engines.onnx.OnnxGraph} writer. {@link dev.atelier.engines.onnx.tfjs.TfjsToOnnx} is the entry
 * point; the model registry calls it at install time.
 */
package dev.atelier.engines.onnx.tfjs;
