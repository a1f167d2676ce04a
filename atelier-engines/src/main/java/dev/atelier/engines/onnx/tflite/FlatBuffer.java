package dev.atelier.engines.onnx.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A read-only view of one FlatBuffers table: scalar, string, vector and sub-table fields by their slot number, with
 * every offset checked against the buffer so a damaged file fails with {@link TfliteException} instead of reading
 * out of bounds.
 */
final class FlatBuffer {
    private final ByteBuffer buf;
    private final int table;
    private final int vtable;
    private final int vtableSize;

    private FlatBuffer(ByteBuffer buf, int table) {
        this.buf = buf;
        this.table = check(buf, table, 4);
        this.vtable = check(buf, table - buf.getInt(table), 4);
        this.vtableSize = Short.toUnsignedInt(buf.getShort(vtable));
        check(buf, vtable, vtableSize);
    }

    /** The root table of a buffer (its first four bytes are the root offset). */
    static FlatBuffer root(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        check(b, 0, 8);
        return new FlatBuffer(b, b.getInt(0));
    }

    private static int check(ByteBuffer b, int pos, int len) {
        if (pos < 0 || len < 0 || (long) pos + len > b.limit()) {
            throw new TfliteException("corrupt flatbuffer: offset " + pos + "+" + len + " outside " + b.limit() + " bytes");
        }
        return pos;
    }

    /** The absolute position of the field, or 0 when absent. */
    private int field(int slot) {
        int entry = 4 + 2 * slot;
        if (entry + 2 > vtableSize) {
            return 0;
        }
        int off = Short.toUnsignedInt(buf.getShort(vtable + entry));
        return off == 0 ? 0 : check(buf, table + off, 1);
    }

    private int indirect(int pos) {
        check(buf, pos, 4);
        return check(buf, pos + buf.getInt(pos), 4);
    }

    boolean has(int slot) {
        return field(slot) != 0;
    }

    int getInt(int slot, int fallback) {
        int p = field(slot);
        return p == 0 ? fallback : buf.getInt(check(buf, p, 4));
    }

    int getByte(int slot, int fallback) {
        int p = field(slot);
        return p == 0 ? fallback : Byte.toUnsignedInt(buf.get(p));
    }

    boolean getBool(int slot) {
        return getByte(slot, 0) != 0;
    }

    float getFloat(int slot, float fallback) {
        int p = field(slot);
        return p == 0 ? fallback : buf.getFloat(check(buf, p, 4));
    }

    String getString(int slot) {
        int p = field(slot);
        if (p == 0) {
            return null;
        }
        int s = indirect(p);
        int len = buf.getInt(s);
        check(buf, s + 4, len);
        byte[] b = new byte[len];
        buf.get(s + 4, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    FlatBuffer getTable(int slot) {
        int p = field(slot);
        return p == 0 ? null : new FlatBuffer(buf, indirect(p));
    }

    int vectorLength(int slot) {
        int p = field(slot);
        return p == 0 ? 0 : buf.getInt(indirect(p));
    }

    int[] getIntVector(int slot) {
        int p = field(slot);
        if (p == 0) {
            return new int[0];
        }
        int v = indirect(p);
        int n = buf.getInt(v);
        check(buf, v + 4, n * 4);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = buf.getInt(v + 4 + 4 * i);
        }
        return out;
    }

    byte[] getByteVector(int slot) {
        int p = field(slot);
        if (p == 0) {
            return new byte[0];
        }
        int v = indirect(p);
        int n = buf.getInt(v);
        check(buf, v + 4, n);
        byte[] out = new byte[n];
        buf.get(v + 4, out);
        return out;
    }

    FlatBuffer getTableElement(int slot, int index) {
        int p = field(slot);
        int v = indirect(p);
        int n = buf.getInt(v);
        if (index < 0 || index >= n) {
            throw new TfliteException("corrupt flatbuffer: index " + index + " of " + n);
        }
        return new FlatBuffer(buf, indirect(v + 4 + 4 * index));
    }
}
