package dev.atelier.client;

import java.util.Locale;

/** The {@code output_ext} values features accept: images (JPEG, PNG, WebP) and, for video features, MP4 or MOV. */
public enum OutputFormat {
    /** JPEG ({@code jpg}). */
    JPG,
    /** PNG ({@code png}). */
    PNG,
    /** WebP ({@code webp}). */
    WEBP,
    /** MP4 with H.264 ({@code mp4}): video features. */
    MP4,
    /** QuickTime with H.264 ({@code mov}): video features. */
    MOV;

    /** The wire value, e.g. {@code jpg}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file extension (same as {@link #wire()}). */
    public String extension() {
        return wire();
    }

    /**
     * Parses {@code jpg}, {@code jpeg}, {@code png}, {@code webp}, {@code mp4} or {@code mov} in any case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static OutputFormat parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "jpg", "jpeg" -> JPG;
            case "png" -> PNG;
            case "webp" -> WEBP;
            case "mp4" -> MP4;
            case "mov" -> MOV;
            default -> throw new IllegalArgumentException("unknown output format '" + value
                    + "': use jpg, png or webp (images), mp4 or mov (videos)");
        };
    }
}
