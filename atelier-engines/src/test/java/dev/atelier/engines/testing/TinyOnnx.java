package dev.atelier.engines.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests: a minimal protobuf encoder for ModelProto, GraphProto, NodeProto,
 * ValueInfoProto and TensorProto (float32 only), enough for graphs of a few standard operators with named,
 * fixed-shape inputs and outputs.
 */
public final class TinyOnnx {
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private int opset = 17;

    public static TinyOnnx graph() {
        return new TinyOnnx();
    }

    public TinyOnnx opset(int version) {
        this.opset = version;
        return this;
    }

    public TinyOnnx input(String name, long... shape) {
        inputs.add(valueInfo(name, shape));
        return this;
    }

    public TinyOnnx output(String name, long... shape) {
        outputs.add(valueInfo(name, shape));
        return this;
    }

    /** A float32 constant tensor. */
    public TinyOnnx constant(String name, float[] values, long... shape) {
        Pb t = new Pb();
        for (long d : shape) {
            t.varint(1, d);
        }
        t.varint(2, 1);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        t.bytes(9, raw.array());
        initializers.add(t.toByteArray());
        return this;
    }

    /** A node of a standard operator; attributes as name/value pairs (Long, Float, long[] supported). */
    public TinyOnnx node(String op, List<String> in, List<String> out, Object... attributes) {
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
                default -> throw new IllegalArgumentException("unsupported attribute " + attributes[a + 1]);
            }
            n.message(5, attr.toByteArray());
        }
        nodes.add(n.toByteArray());
        return this;
    }

    public byte[] build() {
        Pb g = new Pb();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, "tiny");
        initializers.forEach(t -> g.message(5, t));
        inputs.forEach(i -> g.message(11, i));
        outputs.forEach(o -> g.message(12, o));
        Pb opsetId = new Pb();
        opsetId.string(1, "");
        opsetId.varint(2, opset);
        Pb m = new Pb();
        m.varint(1, 8);
        m.string(2, "atelier-tests");
        m.message(7, g.toByteArray());
        m.message(8, opsetId.toByteArray());
        return m.toByteArray();
    }

    private static byte[] valueInfo(String name, long[] shape) {
        Pb dims = new Pb();
        for (long d : shape) {
            Pb dim = new Pb();
            dim.varint(1, d);
            dims.message(1, dim.toByteArray());
        }
        Pb tensor = new Pb();
        tensor.varint(1, 1);
        tensor.message(2, dims.toByteArray());
        Pb type = new Pb();
        type.message(1, tensor.toByteArray());
        Pb vi = new Pb();
        vi.string(1, name);
        vi.message(2, type.toByteArray());
        return vi.toByteArray();
    }

    /** Protocol buffers wire format: varints, length-delimited fields and fixed32. */
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

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
