package dev.atelier.engines.onnx.graph;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX ModelProto (IR 8, opset 17) in the protobuf wire format: float32 and int64 initializers, float32
 * graph inputs and outputs (a negative dimension is left free), nodes with int, float, ints and string attributes.
 * The TFLite and TF.js importers write their converted graphs with it, and tests write their tiny models with it (one writer, so
 * both stay in step).
 */
public final class OnnxGraph {
    public static final int OPSET = 17;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private int counter;

    /** A fresh value name with the given stem. */
    public String fresh(String stem) {
        return stem + "__" + counter++;
    }

    /** ONNX element types for typed graph inputs and outputs. */
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;

    public void input(String name, long[] shape) {
        inputs.add(valueInfo(name, shape, FLOAT));
    }

    /** A graph input of the given element type ({@link #FLOAT}, {@link #INT64}, ...). */
    public void input(String name, long[] shape, int elementType) {
        inputs.add(valueInfo(name, shape, elementType));
    }

    public void output(String name, long[] shape) {
        outputs.add(valueInfo(name, shape, FLOAT));
    }

    public void output(String name, long[] shape, int elementType) {
        outputs.add(valueInfo(name, shape, elementType));
    }

    public String floats(String name, float[] values, long... shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(name, FLOAT, raw.array(), shape);
    }

    public String longs(String name, long[] values, long... shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(name, INT64, raw.array(), shape);
    }

    /** A TensorProto initializer: dims (field 1), element type (2), name (8), little-endian raw data (9). */
    private String initializer(String name, int elementType, byte[] rawData, long... shape) {
        Pb t = new Pb();
        for (long d : shape) {
            t.varint(1, d);
        }
        t.varint(2, elementType);
        t.string(8, name);
        t.bytes(9, rawData);
        initializers.add(t.bytes());
        return name;
    }

    /** Adds a node; attributes are name/value pairs with Long, Float, long[] or String values. */
    public void node(String op, List<String> in, List<String> out, Object... attributes) {
        Pb n = new Pb();
        for (String i : in) {
            n.string(1, i);
        }
        for (String o : out) {
            n.string(2, o);
        }
        n.string(3, op + "_" + nodes.size());
        n.string(4, op);
        for (int a = 0; a < attributes.length; a += 2) {
            Pb attr = new Pb();
            attr.string(1, (String) attributes[a]);
            switch (attributes[a + 1]) {
                case Long l -> {
                    attr.varint(3, l);
                    attr.varint(20, 2);
                }
                case Integer i -> {
                    attr.varint(3, i);
                    attr.varint(20, 2);
                }
                case Float f -> {
                    attr.fixed32(2, Float.floatToIntBits(f));
                    attr.varint(20, 1);
                }
                case long[] ls -> {
                    for (long l : ls) {
                        attr.varint(8, l);
                    }
                    attr.varint(20, 7);
                }
                case String s -> {
                    attr.string(4, s);
                    attr.varint(20, 3);
                }
                default -> throw new IllegalArgumentException("unsupported attribute " + attributes[a + 1]);
            }
            n.message(5, attr.bytes());
        }
        nodes.add(n.bytes());
    }

    public byte[] build(String producer) {
        Pb g = new Pb();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, "converted");
        initializers.forEach(t -> g.message(5, t));
        inputs.forEach(i -> g.message(11, i));
        outputs.forEach(o -> g.message(12, o));
        Pb opset = new Pb();
        opset.string(1, "");
        opset.varint(2, OPSET);
        Pb m = new Pb();
        m.varint(1, 8);
        m.string(2, producer);
        m.message(7, g.bytes());
        m.message(8, opset.bytes());
        return m.bytes();
    }

    private static byte[] valueInfo(String name, long[] shape, int elementType) {
        Pb dims = new Pb();
        for (int i = 0; i < shape.length; i++) {
            Pb dim = new Pb();
            if (shape[i] < 0) {
                dim.string(2, "d" + i); // a free dimension, named
            } else {
                dim.varint(1, shape[i]);
            }
            dims.message(1, dim.bytes());
        }
        Pb tensor = new Pb();
        tensor.varint(1, elementType);
        tensor.message(2, dims.bytes());
        Pb type = new Pb();
        type.message(1, tensor.bytes());
        Pb vi = new Pb();
        vi.string(1, name);
        vi.message(2, type.bytes());
        return vi.bytes();
    }

    /** Transposes a dense row-major array of the given shape by {@code perm} (output dim i = input dim perm[i]). */
    public static float[] transpose(float[] data, int[] shape, int[] perm) {
        int rank = shape.length;
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("constant has " + data.length + " values for shape " + java.util.Arrays.toString(shape));
        }
        int[] inStride = new int[rank];
        inStride[rank - 1] = 1;
        for (int d = rank - 2; d >= 0; d--) {
            inStride[d] = inStride[d + 1] * shape[d + 1];
        }
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = shape[perm[d]];
        }
        float[] out = new float[n];
        int[] idx = new int[rank];
        for (int o = 0; o < n; o++) {
            int src = 0;
            for (int d = 0; d < rank; d++) {
                src += idx[d] * inStride[perm[d]];
            }
            out[o] = data[src];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < outShape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    /** The protocol buffers wire format: varints, length-delimited fields, fixed32. */
    private static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long v) {
            raw((long) field << 3);
            raw(v);
        }

        void fixed32(int field, int v) {
            raw(((long) field << 3) | 5);
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xff);
            }
        }

        void bytes(int field, byte[] b) {
            raw(((long) field << 3) | 2);
            raw(b.length);
            out.writeBytes(b);
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, byte[] b) {
            bytes(field, b);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
