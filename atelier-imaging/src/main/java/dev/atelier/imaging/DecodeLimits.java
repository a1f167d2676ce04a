package dev.atelier.imaging;

/**
 * The most a decode may consume: {@code maxPixels} (width × height from the header, checked before any pixel is
 * decoded, so a decompression bomb never allocates) and {@code maxBytes} (the encoded file size).
 */
public record DecodeLimits(long maxPixels, long maxBytes) {

    /** 64 megapixels: above a 48 MP phone photo, and its float planes (64M × 4 channels × 4 bytes = 1 GiB) still fit. */
    public static final long DEFAULT_MAX_PIXELS = 64L * 1000 * 1000;
    /** 64 MiB of encoded data. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    public DecodeLimits {
        if (maxPixels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive, got " + maxPixels + " pixels, " + maxBytes + " bytes");
        }
    }

    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);
    }
}
