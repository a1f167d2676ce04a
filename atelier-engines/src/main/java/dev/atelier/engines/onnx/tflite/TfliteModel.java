package dev.atelier.engines.onnx.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** The parts of a TFLite model (schema v3) the importer needs: one subgraph's tensors, operators, inputs, outputs. */
final class TfliteModel {
    static final int FLOAT32 = 0;
    static final int FLOAT16 = 1;
    static final int INT32 = 2;
    static final int INT64 = 4;

    /** @param data the constant bytes, or null for an activation */
    record Tensor(int index, String name, int[] shape, int type, byte[] data) {
        boolean isConstant() {
            return data != null;
        }

        float[] floats() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            return switch (type) {
                case FLOAT32 -> {
                    float[] f = new float[data.length / 4];
                    b.asFloatBuffer().get(f);
                    yield f;
                }
                case FLOAT16 -> {
                    float[] f = new float[data.length / 2];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = Float.float16ToFloat(b.getShort(2 * i));
                    }
                    yield f;
                }
                default -> throw new TfliteException("tensor " + name + " is not a float constant (type " + type + ")");
            };
        }

        long[] longs() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            return switch (type) {
                case INT32 -> {
                    long[] l = new long[data.length / 4];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = b.getInt(4 * i);
                    }
                    yield l;
                }
                case INT64 -> {
                    long[] l = new long[data.length / 8];
                    b.asLongBuffer().get(l);
                    yield l;
                }
                default -> throw new TfliteException("tensor " + name + " is not an integer constant (type " + type + ")");
            };
        }
    }

    /** @param name the builtin operator name (e.g. {@code CONV_2D}) or the custom operator's code */
    record Operator(String name, int[] inputs, int[] outputs, FlatBuffer options, byte[] customOptions) {}

    final List<Tensor> tensors = new ArrayList<>();
    final List<Operator> operators = new ArrayList<>();
    int[] inputs;
    int[] outputs;

    static TfliteModel read(byte[] file) {
        if (file.length < 8 || file[4] != 'T' || file[5] != 'F' || file[6] != 'L' || file[7] != '3') {
            throw new TfliteException("not a TFLite model (no TFL3 identifier)");
        }
        FlatBuffer model = FlatBuffer.root(file);
        int version = model.getInt(0, 0);
        if (version != 3) {
            throw new TfliteException("unsupported TFLite schema version " + version);
        }
        if (model.vectorLength(2) != 1) {
            throw new TfliteException("expected one subgraph, found " + model.vectorLength(2));
        }
        List<byte[]> buffers = new ArrayList<>();
        for (int i = 0; i < model.vectorLength(4); i++) {
            FlatBuffer b = model.getTableElement(4, i);
            if (b.getInt(1, 0) != 0 || b.has(2)) {
                throw new TfliteException("buffers stored outside the flatbuffer are not supported");
            }
            buffers.add(b.getByteVector(0));
        }
        List<String> opNames = new ArrayList<>();
        for (int i = 0; i < model.vectorLength(1); i++) {
            FlatBuffer code = model.getTableElement(1, i);
            int builtin = Math.max(code.getByte(0, 0), code.getInt(3, 0));
            opNames.add(builtin == 32 ? code.getString(1) : Builtins.name(builtin));
        }
        FlatBuffer sub = model.getTableElement(2, 0);
        TfliteModel m = new TfliteModel();
        for (int i = 0; i < sub.vectorLength(0); i++) {
            FlatBuffer t = sub.getTableElement(0, i);
            if (t.has(6)) {
                throw new TfliteException("sparse tensors are not supported (" + t.getString(3) + ")");
            }
            int buffer = t.getInt(2, 0);
            byte[] data = buffer > 0 && buffer < buffers.size() && buffers.get(buffer).length > 0 ? buffers.get(buffer) : null;
            m.tensors.add(new Tensor(i, t.getString(3), t.getIntVector(0), t.getByte(1, 0), data));
        }
        m.inputs = sub.getIntVector(1);
        m.outputs = sub.getIntVector(2);
        for (int i = 0; i < sub.vectorLength(3); i++) {
            FlatBuffer op = sub.getTableElement(3, i);
            int code = op.getInt(0, 0);
            if (code < 0 || code >= opNames.size()) {
                throw new TfliteException("operator " + i + " has an unknown opcode index " + code);
            }
            m.operators.add(new Operator(opNames.get(code), op.getIntVector(1), op.getIntVector(2), op.getTable(4),
                    op.getByteVector(5)));
        }
        return m;
    }
}
