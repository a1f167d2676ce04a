package dev.atelier.engines.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds npm-style tarballs ({@code package/...} entries, ustar, pax headers for long names) for tests. */
final class TarGzBuilder {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarGzBuilder add(String path, byte[] data) {
        String name = "package/" + path;
        if (name.getBytes(StandardCharsets.UTF_8).length > 99) {
            String record = " path=" + name + "\n";
            int len = record.length() + 2;
            while (String.valueOf(len).length() + record.length() != len) {
                len++;
            }
            byte[] pax = (len + record).getBytes(StandardCharsets.UTF_8);
            header("PaxHeader", pax.length, 'x');
            body(pax);
            name = "package/long";
        }
        header(name, data.length, '0');
        body(data);
        return this;
    }

    TarGzBuilder add(String path, String text) {
        return add(path, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] build() {
        try {
            tar.write(new byte[1024]);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar.toByteArray());
            }
            return gz.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void header(String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        h[262] = 0;
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        tar.writeBytes(h);
    }

    private void body(byte[] data) {
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
