package dev.atelier.engines.generation;

import java.util.Locale;

/** File-signature sniffing for the image formats generators return. */
public final class ImageBytes {
    private ImageBytes() {}

    /** The MIME type from the first bytes, or {@code application/octet-stream} when not a known image format. */
    public static String sniffMimeType(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.startsWith("avi")) {
                return "image/avif";
            }
            if (brand.startsWith("hei") || brand.startsWith("mif")) {
                return "image/heic";
            }
        }
        return "application/octet-stream";
    }

    public static boolean isImage(byte[] b) {
        return !sniffMimeType(b).equals("application/octet-stream");
    }

    /** {@code image/jpeg} → {@code jpg}; unknown types → {@code bin}. */
    public static String extension(String mimeType) {
        return switch (mimeType.toLowerCase(Locale.ROOT)) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            case "image/avif" -> "avif";
            case "image/heic" -> "heic";
            default -> "bin";
        };
    }
}
