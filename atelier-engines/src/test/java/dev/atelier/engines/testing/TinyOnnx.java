package dev.atelier.engines.testing;

import dev.atelier.engines.onnx.graph.OnnxGraph;
import java.util.List;

/**
 * Writes small ONNX models for tests with fixed-shape float inputs and outputs, through the same {@link OnnxGraph}
 * writer the TFLite importer uses, as a fluent builder.
 */
public final class TinyOnnx {
    private final OnnxGraph graph = new OnnxGraph();

    public static TinyOnnx graph() {
        return new TinyOnnx();
    }

    public TinyOnnx input(String name, long... shape) {
        graph.input(name, shape);
        return this;
    }

    public TinyOnnx output(String name, long... shape) {
        graph.output(name, shape);
        return this;
    }

    /** A float32 constant tensor. */
    public TinyOnnx constant(String name, float[] values, long... shape) {
        graph.floats(name, values, shape);
        return this;
    }

    /** An int64 constant tensor (shapes, axes, pads). */
    public TinyOnnx longs(String name, long[] values, long... shape) {
        graph.longs(name, values, shape);
        return this;
    }

    /** A node of a standard operator; attributes as name/value pairs (Long, Float, long[], String). */
    public TinyOnnx node(String op, List<String> in, List<String> out, Object... attributes) {
        graph.node(op, in, out, attributes);
        return this;
    }

    public byte[] build() {
        return graph.build("atelier-tests");
    }
}
