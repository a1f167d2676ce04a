package dev.atelier.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Content types of image (and MP4/QuickTime video) bytes, read from their signature rather than a file name. */
final class ContentTypes {
    static final String OCTET_STREAM = "application/octet-stream";

    private ContentTypes() {}

    static String sniff(byte[] b) {
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return "image/webp";
        }
        if (ascii(b, 0, "GIF8")) {
            return "image/gif";
        }
        if (ascii(b, 0, "BM")) {
            return "image/bmp";
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return "image/tiff";
        }
        if (ascii(b, 4, "ftyp")) {
            String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.US_ASCII) : "";
            if (brand.startsWith("avi")) {
                return "image/avif";
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return "image/heic";
            }
            return brand.startsWith("qt") ? "video/quicktime" : "video/mp4";
        }
        return OCTET_STREAM;
    }

    static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            case "image/bmp" -> "bmp";
            case "image/tiff" -> "tif";
            case "image/avif" -> "avif";
            case "image/heic" -> "heic";
            case "video/mp4" -> "mp4";
            case "video/quicktime" -> "mov";
            default -> "bin";
        };
    }

    private static boolean startsWith(byte[] b, int offset, int... prefix) {
        if (b.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[offset + i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        return b.length >= offset + p.length && Arrays.equals(b, offset, offset + p.length, p, 0, p.length);
    }
}
