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

    private static ImagingException truncated(int at) {
        return new ImagingException(ImagingError.CORRUPT, "JPEG is truncated: the data ends at byte " + at + " before the end-of-image marker");
    }
}
