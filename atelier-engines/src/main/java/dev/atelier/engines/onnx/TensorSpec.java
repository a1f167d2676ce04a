package dev.atelier.engines.onnx;

import java.util.Arrays;
import java.util.Objects;

/** A named float32 tensor shape, as an engine feeds or fetches it. */
public record TensorSpec(String name, long[] shape) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor " + name + " needs a concrete shape, got " + Arrays.toString(shape));
            }
        }
        elementCount(shape);
    }

    public static TensorSpec of(String name, long... shape) {
        return new TensorSpec(name, shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of float elements. */
    public int elements() {
        return elementCount(shape);
    }

    private static int elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) n;
    }

    String key() {
        return name + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
