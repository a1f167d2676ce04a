package dev.atelier.engines.onnx;

/** The value an engine read from an inference's outputs, with how the host ran it. */
public record Inference<R>(R value, RunInfo info) {}
