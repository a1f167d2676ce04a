/**
 * The TFLite importer: reads a TFLite flatbuffer (schema v3) and writes an equivalent ONNX graph, so the Apache-2.0
 * MediaPipe vision models published on npm run on the ONNX host. {@link dev.atelier.engines.onnx.tflite.TfliteToOnnx}
 * is the entry point; the flatbuffer reader and the ONNX protobuf writer are package-private.
 */
package dev.atelier.engines.onnx.tflite;
