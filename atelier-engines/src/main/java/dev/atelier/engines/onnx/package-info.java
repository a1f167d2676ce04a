/**
 * The ONNX Runtime host: one session per installed model, created on first use, kept warm and closed when idle;
 * inference bounded by a per-model semaphore and a global memory budget so concurrent tasks queue instead of
 * exhausting memory; input and output tensors over reused direct buffers; only the outputs a pipeline asks for are
 * fetched. {@link dev.atelier.engines.onnx.graph.OnnxGraph} writes ONNX graphs (the TFLite importer's output, tests' tiny models). Engines in
 * {@code dev.atelier.engines.segmentation}, {@code dev.atelier.engines.face} and the other families run on it.
 */
package dev.atelier.engines.onnx;
