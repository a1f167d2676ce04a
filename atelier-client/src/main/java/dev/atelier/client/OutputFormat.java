package dev.atelier.client;

import java.util.Locale;

/** The {@code output_ext} values image features accept. */
public enum OutputFormat {
    /** JPEG ({@code jpg}). */
    JPG,
    /** PNG ({@code png}). */
    PNG,
    /** WebP ({@code webp}). */
    WEBP;

    /** The wire value, e.g. {@code jpg}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file extension (same as {@link #wire()}). */
    public String extension() {
        return wire();
    }

    /**
     * Parses {@code jpg}, {@code jpeg}, {@code png} or {@code webp} in any case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static OutputFormat parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "jpg", "jpeg" -> JPG;
            case "png" -> PNG;
            case "webp" -> WEBP;
            default -> throw new IllegalArgumentException("unknown output format '" + value + "': use jpg, png or webp");
        };
    }
}
