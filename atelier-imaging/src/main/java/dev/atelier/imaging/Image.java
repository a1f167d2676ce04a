package dev.atelier.imaging;

import java.util.Arrays;

/**
 * A decoded picture: planar 32-bit float samples in [0, 1], sRGB-encoded, with 1 (grey), 3 (RGB) or 4 (RGBA,
 * straight alpha) channels.
 *
 * <p>Planar float is the working format of every algorithm in Atelier: kernels read one channel as one contiguous
 * array, model pre-processing (NCHW) copies planes directly, and no precision is lost between steps. Algorithms that
 * must work in linear light convert explicitly ({@link Srgb}). Planes are exposed for speed; an {@code Image} handed
 * to a method is not modified by it unless the method says so.
 */
public final class Image {
    private final int width;
    private final int height;
    private final float[][] planes;

    private Image(int width, int height, float[][] planes) {
        this.width = width;
        this.height = height;
        this.planes = planes;
    }

    /** A black (alpha 0 when 4 channels) image. */
    public static Image create(int width, int height, int channels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4, got " + channels);
        }
        long pixels = (long) width * height;
        if (pixels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large: " + width + "x" + height);
        }
        float[][] planes = new float[channels][(int) pixels];
        return new Image(width, height, planes);
    }

    /** Wraps existing planes (not copied); every plane must hold width × height samples. */
    public static Image wrap(int width, int height, float[]... planes) {
        if (planes.length != 1 && planes.length != 3 && planes.length != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4, got " + planes.length);
        }
        for (float[] p : planes) {
            if (p.length != width * height) {
                throw new IllegalArgumentException("plane has " + p.length + " samples, expected " + width * height);
            }
        }
        return new Image(width, height, planes);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return planes.length;
    }

    public boolean hasAlpha() {
        return planes.length == 4;
    }

    public long pixelCount() {
        return (long) width * height;
    }

    /** The samples of channel {@code c}, row-major; the array itself, not a copy. */
    public float[] plane(int c) {
        return planes[c];
    }

    public float get(int c, int x, int y) {
        return planes[c][y * width + x];
    }

    public void set(int c, int x, int y, float v) {
        planes[c][y * width + x] = v;
    }

    public Image copy() {
        float[][] copy = new float[planes.length][];
        for (int c = 0; c < planes.length; c++) {
            copy[c] = planes[c].clone();
        }
        return new Image(width, height, copy);
    }

    /** The colour planes only (drops alpha); shares the planes. */
    public Image withoutAlpha() {
        if (!hasAlpha()) {
            return this;
        }
        return new Image(width, height, Arrays.copyOf(planes, 3));
    }

    /** This image's colour planes with the given alpha plane appended; shares the planes. */
    public Image withAlpha(float[] alpha) {
        if (alpha.length != width * height) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " samples, expected " + width * height);
        }
        float[][] p = Arrays.copyOf(planes, 4);
        if (planes.length == 1) {
            p = new float[][] {planes[0], planes[0], planes[0], alpha};
        }
        p[3] = alpha;
        return new Image(width, height, p);
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + "x" + planes.length + "]";
    }
}
