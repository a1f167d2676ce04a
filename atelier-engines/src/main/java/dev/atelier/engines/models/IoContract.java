package dev.atelier.engines.models;

import java.util.List;
import java.util.Objects;

/**
 * The tensors a model takes and gives, as the engine that runs it relies on them.
 *
 * @param inputs the inputs the engine feeds
 * @param outputs the outputs the engine fetches (a model may have more; they are never fetched)
 * @param preprocessing how pixels become the input tensor, in words (e.g. {@code (v - 128) / 256 on 8-bit sRGB})
 */
public record IoContract(List<Tensor> inputs, List<Tensor> outputs, String preprocessing) {
    public IoContract {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(preprocessing, "preprocessing");
    }

    /**
     * One named tensor.
     *
     * @param type the element type, e.g. {@code float32}
     * @param shape the dimensions; -1 for a dimension the model leaves free
     * @param layout e.g. {@code NCHW}, {@code NHWC}, or empty when it does not apply
     * @param range the value that stands for full intensity in an image tensor: 1 for [0, 1], 255 for [0, 255]
     */
    public record Tensor(String name, String type, List<Long> shape, String layout, double range) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            shape = List.copyOf(shape);
            Objects.requireNonNull(layout, "layout");
            if (!(range > 0)) {
                throw new IllegalArgumentException("tensor " + name + ": range must be positive, got " + range);
            }
        }

        /** A tensor whose image values (if any) are in [0, 1]. */
        public Tensor(String name, String type, List<Long> shape, String layout) {
            this(name, type, shape, layout, 1);
        }

        public boolean nhwc() {
            return layout.equals("NHWC");
        }

        public long[] shapeArray() {
            return shape.stream().mapToLong(Long::longValue).toArray();
        }

        /** The number of elements, or -1 when a dimension is free. */
        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    return -1;
                }
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** The input or output with this name; {@link IllegalArgumentException} when the contract has none. */
    public Tensor tensor(String name) {
        for (Tensor t : inputs) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        for (Tensor t : outputs) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tensor named " + name + " in the contract");
    }
}
