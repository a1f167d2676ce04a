package dev.atelier.imaging;

/**
 * Walks a JPEG's marker segments up to EOI, to catch truncation.
 *
 * <p>libjpeg treats a truncated file as a warning and pads the missing rows with grey, so a half-downloaded photo
 * would "decode". The walk: outside scans, every marker but the standalone ones (SOI, RSTn, TEM) carries a 2-byte
 * length to skip; after SOS comes entropy-coded data where a 0xFF byte is followed by 0x00 (stuffing) or a restart
 * marker, so the next other marker ends the scan. A file that ends before EOI is truncated. Bytes after EOI are
 * allowed (cameras append trailers).
 */
final class JpegStructure {
    private JpegStructure() {}

    static void check(byte[] d) {
        int at = 2; // after SOI
        while (true) {
            if (at + 1 >= d.length) {
                throw truncated(at);
            }
            if ((d[at] & 0xFF) != 0xFF) {
                throw new ImagingException(ImagingError.CORRUPT, "JPEG is corrupt: expected a marker at byte " + at);
            }
            int marker = d[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            at += 2;
            if (marker == 0xD9) {
                return;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue;
            }
            if (at + 2 > d.length) {
                throw truncated(at);
            }
            int length = (d[at] & 0xFF) << 8 | (d[at + 1] & 0xFF);
            if (length < 2) {
                throw new ImagingException(ImagingError.CORRUPT, "JPEG is corrupt: segment length " + length + " at byte " + at);
            }
            at += length;
            if (at > d.length) {
                throw truncated(at);
            }
            if (marker == 0xDA) {
                at = endOfScan(d, at);
            }
        }
    }

    /** The offset of the first marker after entropy-coded data that starts at {@code at}. */
    private static int endOfScan(byte[] d, int at) {
        for (int i = at; i + 1 < d.length; i++) {
            if ((d[i] & 0xFF) == 0xFF) {
                int next = d[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
        }
        throw truncated(d.length);
    }

    /**
     * The embedded ICC profile: the APP2 {@code ICC_PROFILE} segments before the first scan, joined in their
     * sequence order; null when there is none or the parts are inconsistent (then the pixels are taken as sRGB, as
     * browsers do). Call after {@link #check}.
     */
    static byte[] iccProfile(byte[] d) {
        byte[][] parts = null;
        int at = 2;
        while (at + 4 <= d.length && (d[at] & 0xFF) == 0xFF) {
            int marker = d[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2;
                continue;
            }
            int length = (d[at + 2] & 0xFF) << 8 | (d[at + 3] & 0xFF);
            if (length < 2) {
                break;
            }
            int body = at + 4;
            int bodyLength = length - 2;
            if (marker == 0xE2 && bodyLength > ICC_TAG.length + 2 && body + bodyLength <= d.length
                    && java.util.Arrays.equals(d, body, body + ICC_TAG.length, ICC_TAG, 0, ICC_TAG.length)) {
                int sequence = d[body + ICC_TAG.length] & 0xFF;
                int count = d[body + ICC_TAG.length + 1] & 0xFF;
                if (parts == null) {
                    parts = new byte[count][];
                }
                if (count != parts.length || sequence < 1 || sequence > count) {
                    return null;
                }
                int from = body + ICC_TAG.length + 2;
                parts[sequence - 1] = java.util.Arrays.copyOfRange(d, from, body + bodyLength);
            }
            at += 2 + length;
        }
        if (parts == null || parts.length == 0) {
            return null;
        }
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            if (part == null) {
                return null;
            }
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static ImagingException truncated(int at) {
        return new ImagingException(ImagingError.CORRUPT, "JPEG is truncated: the data ends at byte " + at + " before the end-of-image marker");
    }
}
