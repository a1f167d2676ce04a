package dev.atelier.engines.models;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A streaming reader for the gzip-compressed ustar archives npm publishes (with pax and GNU long names). Only regular
 * files are reported; names are given without the archive's top directory ({@code package/}), the way npm strips it.
 */
final class TarGz {
    private static final int BLOCK = 512;

    /** Called for each regular file; {@code data} yields exactly {@code size} bytes and must not be closed. */
    interface EntryHandler {
        /** Returns false to stop reading the archive. */
        boolean entry(String name, long size, InputStream data) throws IOException;
    }

    private TarGz() {}

    /**
     * Reads the archive, calling {@code handler} for each regular file. Entries larger than {@code maxEntryBytes} are
     * refused before they are read (a corrupt or hostile size field).
     */
    static void read(Path archive, long maxEntryBytes, EntryHandler handler) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            read(in, maxEntryBytes, handler);
        } catch (java.util.zip.ZipException | EOFException e) {
            throw new ModelException(ModelError.CORRUPT, "archive " + archive + " is damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read archive " + archive + ": " + e, e);
        }
    }

    static void read(InputStream in, long maxEntryBytes, EntryHandler handler) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                throw new EOFException("archive ends inside a header");
            }
            if (isZero(header)) {
                return;
            }
            if (!checksumOk(header)) {
                throw new ModelException(ModelError.CORRUPT, "tar header checksum mismatch");
            }
            long size = parseNumber(header, 124, 12);
            char type = (char) header[156];
            if (size < 0 || size > maxEntryBytes) {
                throw new ModelException(ModelError.TOO_LARGE, "tar entry of " + size + " bytes exceeds the limit of "
                        + maxEntryBytes);
            }
            String name = longName != null ? longName : headerName(header);
            longName = null;
            switch (type) {
                case 'x' -> {
                    String path = paxPath(new String(readExactly(in, size), StandardCharsets.UTF_8));
                    skipPadding(in, size);
                    longName = path;
                    continue;
                }
                case 'L' -> {
                    longName = cString(readExactly(in, size), 0, (int) size);
                    skipPadding(in, size);
                    continue;
                }
                default -> {
                }
            }
            if (type == '0' || type == '\0' || type == '7') {
                BoundedInput data = new BoundedInput(in, size);
                boolean more = handler.entry(stripTop(name), size, data);
                data.skipRest();
                skipPadding(in, size);
                if (!more) {
                    return;
                }
            } else {
                skipFully(in, size);
                skipPadding(in, size);
            }
        }
    }

    private static String stripTop(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(slash + 1);
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        String path = null;
        int i = 0;
        while (i < records.length()) {
            int space = records.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int len = Integer.parseInt(records.substring(i, space));
            if (len <= 0 || i + len > records.length()) {
                break;
            }
            String kv = records.substring(space + 1, i + len - 1);
            if (kv.startsWith("path=")) {
                path = kv.substring(5);
            }
            i += len;
        }
        return path;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long parseNumber(byte[] h, int off, int len) {
        if ((h[off] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more.
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        String s = cString(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static boolean checksumOk(byte[] h) {
        long stored = parseNumber(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return stored == sum;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readExactly(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new ModelException(ModelError.TOO_LARGE, "tar extended header of " + size + " bytes");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) {
            throw new EOFException("archive ends inside an entry");
        }
        return b;
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        skipFully(in, pad);
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    /** The bytes of one entry; reading past them returns end of stream. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("archive ends inside an entry");
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("archive ends inside an entry");
            }
            left -= n;
            return n;
        }

        void skipRest() throws IOException {
            in.skipNBytes(left);
            left = 0;
        }

        @Override
        public void close() {
            // the archive stream stays open for the next entry
        }
    }
}
