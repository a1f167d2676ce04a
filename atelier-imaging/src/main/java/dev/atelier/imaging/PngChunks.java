package dev.atelier.imaging;

import java.util.zip.CRC32;

/**
 * Walks a PNG's chunk list, checking every length and CRC, and reads IHDR.
 *
 * <p>The JDK's PNG reader ignores CRCs, so a damaged file could decode to garbage; checking them here (one CRC-32
 * pass over the bytes, far cheaper than inflating) turns damage into a clean {@link ImagingError#CORRUPT}.
 */
final class PngChunks {
    private static final int SIGNATURE = 8;
    private static final int MAX_PROFILE_BYTES = 4 << 20;

    /** IHDR fields, whether a tRNS chunk exists, and the inflated iCCP profile (null when absent). */
    record Header(int width, int height, int bitDepth, int colourType, boolean hasTransparencyChunk, byte[] iccProfile) {
        boolean hasAlpha() {
            return colourType == 4 || colourType == 6 || hasTransparencyChunk;
        }
    }

    private PngChunks() {}

    /** Reads IHDR (and notes tRNS) from the chunks before the first IDAT; checks only those CRCs. */
    static Header header(byte[] png) {
        return walk(png, false);
    }

    /** Checks the whole chunk list: lengths, CRCs, IHDR first, at least one IDAT, IEND last. */
    static Header validate(byte[] png) {
        return walk(png, true);
    }

    private static Header walk(byte[] png, boolean full) {
        int at = SIGNATURE;
        Header header = null;
        boolean transparency = false;
        byte[] icc = null;
        boolean sawData = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (at + 12 > png.length) {
                throw corrupt("truncated: chunk list ends without IEND at byte " + at);
            }
            long length = readUint(png, at);
            if (length > png.length - at - 12L) {
                throw corrupt("truncated: chunk at byte " + at + " declares " + length + " bytes, file has " + (png.length - at - 12));
            }
            String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            crc.reset();
            crc.update(png, at + 4, 4 + (int) length);
            long stored = readUint(png, at + 8 + (int) length);
            if (crc.getValue() != stored) {
                throw corrupt("bad CRC in " + type + " chunk at byte " + at);
            }
            if (header == null) {
                if (!type.equals("IHDR") || length != 13) {
                    throw corrupt("first chunk is " + type + ", not a 13-byte IHDR");
                }
                int width = (int) Math.min(readUint(png, at + 8), Integer.MAX_VALUE);
                int height = (int) Math.min(readUint(png, at + 12), Integer.MAX_VALUE);
                if (width == 0 || height == 0) {
                    throw corrupt("IHDR declares an empty image " + width + "x" + height);
                }
                header = new Header(width, height, png[at + 16] & 0xFF, png[at + 17] & 0xFF, false, null);
            }
            switch (type) {
                case "tRNS" -> transparency = true;
                case "iCCP" -> icc = inflateProfile(png, at + 8, (int) length);
                case "IDAT" -> {
                    sawData = true;
                    if (!full) {
                        return new Header(header.width(), header.height(), header.bitDepth(), header.colourType(), transparency, icc);
                    }
                }
                case "IEND" -> {
                    if (!sawData) {
                        throw corrupt("no IDAT chunk before IEND");
                    }
                    return new Header(header.width(), header.height(), header.bitDepth(), header.colourType(), transparency, icc);
                }
                default -> { }
            }
            at += 12 + (int) length;
        }
    }

    /** iCCP = name, NUL, compression method, zlib data; the inflated profile is capped (a profile is a few KiB). */
    private static byte[] inflateProfile(byte[] png, int start, int length) {
        int nul = start;
        while (nul < start + length && png[nul] != 0) {
            nul++;
        }
        int data = nul + 2;
        if (data > start + length) {
            throw corrupt("malformed iCCP chunk");
        }
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try {
            inflater.setInput(png, data, start + length - data);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw corrupt("truncated iCCP profile");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    throw corrupt("iCCP profile inflates beyond " + MAX_PROFILE_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            throw corrupt("iCCP profile is not valid zlib data");
        } finally {
            inflater.end();
        }
    }

    private static long readUint(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static ImagingException corrupt(String why) {
        return new ImagingException(ImagingError.CORRUPT, "PNG is corrupt: " + why);
    }
}
