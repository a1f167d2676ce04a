package dev.atelier.imaging;

/**
 * The sRGB transfer function (IEC 61966-2-1), between encoded samples and linear light.
 *
 * <p>Resampling and blurring in encoded values darkens edges and fine detail; Atelier filters in linear light.
 */
public final class Srgb {
    private static final int LUT_SIZE = 4096;
    private static final float[] TO_LINEAR = new float[LUT_SIZE + 1];
    private static final int ENCODE_LUT_SIZE = 16384;
    private static final float[] TO_ENCODED = new float[ENCODE_LUT_SIZE + 1];

    static {
        for (int i = 0; i <= LUT_SIZE; i++) {
            TO_LINEAR[i] = (float) toLinearExact(i / (double) LUT_SIZE);
        }
        for (int i = 0; i <= ENCODE_LUT_SIZE; i++) {
            TO_ENCODED[i] = (float) toEncodedExact(i / (double) ENCODE_LUT_SIZE);
        }
    }

    private Srgb() {}

    public static double toLinearExact(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    public static double toEncodedExact(double v) {
        return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    /** Encoded → linear through a 4097-entry table with linear interpolation (error below 1e-5). */
    public static float toLinear(float v) {
        if (v <= 0f) {
            return 0f;
        }
        if (v >= 1f) {
            return 1f;
        }
        float f = v * LUT_SIZE;
        int i = (int) f;
        float t = f - i;
        return TO_LINEAR[i] + (TO_LINEAR[i + 1] - TO_LINEAR[i]) * t;
    }

    public static float toEncoded(float v) {
        if (v <= 0f) {
            return 0f;
        }
        if (v >= 1f) {
            return 1f;
        }
        return (float) toEncodedExact(v);
    }

    /**
     * Linear → encoded through a 16385-entry table with linear interpolation (error below 1e-5): for whole planes,
     * where {@link #toEncoded(float)}'s {@code pow} per sample would dominate the cost of a filter.
     */
    public static float toEncodedFast(float v) {
        if (!(v > 0f)) {
            return 0f;
        }
        if (v >= 1f) {
            return 1f;
        }
        float f = v * ENCODE_LUT_SIZE;
        int i = (int) f;
        float t = f - i;
        return TO_ENCODED[i] + (TO_ENCODED[i + 1] - TO_ENCODED[i]) * t;
    }

    /** {@code n} encoded samples from {@code src[from ..]} as linear light into {@code dst[to ..]}. */
    public static void toLinear(float[] src, int from, float[] dst, int to, int n) {
        for (int i = 0; i < n; i++) {
            dst[to + i] = toLinear(src[from + i]);
        }
    }

    /** {@code n} linear samples of {@code plane} from {@code from}, encoded in place (clamped to [0, 1]). */
    public static void toEncodedFast(float[] plane, int from, int n) {
        for (int i = from, end = from + n; i < end; i++) {
            plane[i] = toEncodedFast(plane[i]);
        }
    }

    /** A new plane holding the linear-light values of an encoded plane. */
    public static float[] toLinear(float[] encoded) {
        float[] out = new float[encoded.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLinear(encoded[i]);
        }
        return out;
    }

    /** A new plane holding the encoded values of a linear-light plane (clamped to [0, 1]). */
    public static float[] toEncoded(float[] linear) {
        float[] out = new float[linear.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = toEncodedFast(linear[i]);
        }
        return out;
    }
}
