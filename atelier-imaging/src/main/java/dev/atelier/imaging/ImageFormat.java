package dev.atelier.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The raster formats Atelier recognises, with their magic bytes, file extension and media type. */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    WEBP("webp", "image/webp"),
    GIF("gif", "image/gif"),
    BMP("bmp", "image/bmp"),
    TIFF("tif", "image/tiff"),
    HEIC("heic", "image/heic"),
    AVIF("avif", "image/avif");

    private final String extension;
    private final String mimeType;

    ImageFormat(String extension, String mimeType) {
        this.extension = extension;
        this.mimeType = mimeType;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The IANA media type. */
    public String mimeType() {
        return mimeType;
    }

    /**
     * Recognises a format from the first bytes of a file (32 are enough; more are fine). Only magic bytes are
     * looked at: a file name or a declared content type never decides the format.
     */
    public static Optional<ImageFormat> sniff(byte[] head) {
        if (head == null || head.length < 3) {
            return Optional.empty();
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, 'G', 'I', 'F', '8') && head.length >= 6 && (head[4] == '7' || head[4] == '9')
                && head[5] == 'a') {
            return Optional.of(GIF);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (startsWith(head, 0, 'I', 'I', 42, 0) || startsWith(head, 0, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, 0, 'B', 'M') && head.length >= 18) {
            // "BM" alone is too weak (a text file may start with it): require a known DIB header size.
            int dib = (head[14] & 0xFF) | (head[15] & 0xFF) << 8 | (head[16] & 0xFF) << 16 | (head[17] & 0xFF) << 24;
            if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
                return Optional.of(BMP);
            }
        }
        if (startsWith(head, 4, 'f', 't', 'y', 'p')) {
            return isoBrand(head);
        }
        return Optional.empty();
    }

    /** HEIF files are ISO-BMFF: the ftyp box names a major brand and compatible brands. */
    private static Optional<ImageFormat> isoBrand(byte[] head) {
        int boxSize = (head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | (head[3] & 0xFF);
        int end = Math.min(head.length, Math.max(boxSize, 12));
        Optional<ImageFormat> generic = Optional.empty();
        for (int at = 8; at + 4 <= end; at += 4) {
            if (at == 12) {
                continue; // minor version, not a brand
            }
            String brand = new String(head, at, 4, StandardCharsets.ISO_8859_1);
            switch (brand) {
                case "avif", "avis" -> {
                    return Optional.of(AVIF);
                }
                case "heic", "heix", "hevc", "hevx", "heim", "heis" -> {
                    return Optional.of(HEIC);
                }
                case "mif1", "msf1" -> generic = Optional.of(HEIC);
                default -> { }
            }
        }
        return generic;
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
