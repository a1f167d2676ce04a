/**
 * {@link dev.atelier.engines.onnx.graph.OnnxGraph}: the one writer of ONNX model bytes (protobuf by hand, no
 * dependency), shared by the importers that turn other formats into ONNX (TFLite) and by the tests' tiny models.
 * It knows nothing of sessions or engines, which is what lets both the ONNX host and the importers depend on it
 * without a cycle.
 */
package dev.atelier.engines.onnx.graph;
