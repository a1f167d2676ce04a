package dev.atelier.imaging.color;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Srgb;
import java.util.ArrayList;
import java.util.List;

/**
 * Automatic colour correction, four classical ways, returned side by side so a user can pick (the contract's four
 * {@code results.output[]}).
 *
 * <p>The first three are von Kries white balance: estimate the colour of the light (the illuminant) in linear RGB,
 * then scale each channel so that the illuminant becomes neutral grey of the same luminance. They differ in the
 * estimate:
 * <ul>
 *   <li>{@link Method#GREY_WORLD}: the average of the scene is grey — illuminant = channel means.</li>
 *   <li>{@link Method#WHITE_PATCH}: the brightest surface is white — illuminant = each channel's 99th percentile
 *       (a percentile, not the maximum, so a few hot pixels do not decide).</li>
 *   <li>{@link Method#SHADES_OF_GREY}: Finlayson and Trezzi's Minkowski mean with p = 6, between the two.</li>
 * </ul>
 * Clipped (any channel ≥ 0.98) and near-black pixels are left out of the estimates, and gains are bounded to
 * [0.4, 2.5] so that a picture dominated by one colour (a lawn, a sunset) is not ruined.
 * {@link Method#AUTO_LEVELS} instead stretches each channel so its 0.5th–99.5th percentiles span the full range
 * (Photoshop's "Auto Levels"), which corrects casts and contrast together. Alpha is carried over unchanged; a grey
 * picture is only levelled.
 */
public final class ColorCorrection {
    /** The four variants, in the order {@link #correct(Image)} returns them. */
    public enum Method { GREY_WORLD, WHITE_PATCH, SHADES_OF_GREY, AUTO_LEVELS }

    private static final double MIN_GAIN = 0.4;
    private static final double MAX_GAIN = 2.5;

    private ColorCorrection() {}

    /** The four corrected variants, in {@link Method} order. */
    public static List<Image> correct(Image source) {
        List<Image> out = new ArrayList<>();
        for (Method m : Method.values()) {
            out.add(correct(source, m));
        }
        return out;
    }

    public static Image correct(Image source, Method method) {
        if (method == Method.AUTO_LEVELS) {
            return autoLevels(source);
        }
        if (source.channels() < 3) {
            return source.copy();
        }
        double[] illuminant = switch (method) {
            case GREY_WORLD -> minkowski(source, 1);
            case SHADES_OF_GREY -> minkowski(source, 6);
            default -> whitePatch(source);
        };
        return applyGains(source, gains(illuminant));
    }

    /** The linear-light illuminant estimate of the given method (for tests and diagnostics). */
    static double[] illuminant(Image source, Method method) {
        return switch (method) {
            case GREY_WORLD -> minkowski(source, 1);
            case SHADES_OF_GREY -> minkowski(source, 6);
            case WHITE_PATCH -> whitePatch(source);
            case AUTO_LEVELS -> throw new IllegalArgumentException("auto levels estimates no illuminant");
        };
    }

    private static boolean usable(Image img, int i) {
        float r = img.plane(0)[i];
        float g = img.plane(1)[i];
        float b = img.plane(2)[i];
        float max = Math.max(r, Math.max(g, b));
        return max < 0.98f && max > 0.02f && (!img.hasAlpha() || img.plane(3)[i] > 0.5f);
    }

    private static double[] minkowski(Image img, int p) {
        double[] sum = new double[3];
        long n = 0;
        for (int i = 0; i < img.width() * img.height(); i++) {
            if (!usable(img, i)) {
                continue;
            }
            n++;
            for (int c = 0; c < 3; c++) {
                double v = Srgb.toLinear(img.plane(c)[i]);
                sum[c] += p == 1 ? v : power(v, p);
            }
        }
        if (n == 0) {
            return new double[] {1, 1, 1};
        }
        for (int c = 0; c < 3; c++) {
            sum[c] = Math.pow(sum[c] / n, 1.0 / p);
        }
        return sum;
    }

    private static double power(double v, int p) {
        double r = 1;
        for (int k = 0; k < p; k++) {
            r *= v;
        }
        return r;
    }

    /** Each channel's 99th percentile of linear values over usable pixels, from a 4096-bin histogram. */
    private static double[] whitePatch(Image img) {
        final int bins = 4096;
        double[] e = new double[3];
        for (int c = 0; c < 3; c++) {
            float[] p = img.plane(c);
            int[] histogram = new int[bins];
            int n = 0;
            for (int i = 0; i < p.length; i++) {
                if (usable(img, i)) {
                    histogram[Math.min(bins - 1, (int) (Srgb.toLinear(p[i]) * bins))]++;
                    n++;
                }
            }
            if (n == 0) {
                return new double[] {1, 1, 1};
            }
            long target = Math.round(0.99 * (n - 1));
            long seen = 0;
            int b = 0;
            while (b < bins - 1 && seen + histogram[b] <= target) {
                seen += histogram[b++];
            }
            e[c] = (b + 0.5) / bins;
        }
        return e;
    }

    /** Per-channel gains making the illuminant grey at its own luminance (Rec. 709 weights), bounded. */
    private static double[] gains(double[] e) {
        double luminance = 0.2126 * e[0] + 0.7152 * e[1] + 0.0722 * e[2];
        double[] g = new double[3];
        for (int c = 0; c < 3; c++) {
            g[c] = e[c] > 1e-6 ? Math.clamp(luminance / e[c], MIN_GAIN, MAX_GAIN) : 1;
        }
        return g;
    }

    private static Image applyGains(Image src, double[] gains) {
        Image out = src.copy();
        for (int c = 0; c < 3; c++) {
            float[] p = out.plane(c);
            float g = (float) gains[c];
            for (int i = 0; i < p.length; i++) {
                p[i] = Srgb.toEncodedFast(Srgb.toLinear(p[i]) * g);
            }
        }
        return out;
    }

    private static Image autoLevels(Image src) {
        Image out = src.copy();
        int colour = src.hasAlpha() ? 3 : src.channels();
        for (int c = 0; c < colour; c++) {
            float[] p = out.plane(c);
            int[] histogram = new int[1024];
            for (float v : p) {
                histogram[Math.clamp((int) (v * 1023 + 0.5f), 0, 1023)]++;
            }
            float lo = percentile(histogram, p.length, 0.005);
            float hi = percentile(histogram, p.length, 0.995);
            if (hi - lo < 0.05f) {
                continue; // a flat channel: stretching would only amplify noise
            }
            float scale = 1f / (hi - lo);
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.clamp((p[i] - lo) * scale, 0f, 1f);
            }
        }
        return out;
    }

    private static float percentile(int[] histogram, int total, double q) {
        long target = Math.round(q * (total - 1));
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen > target) {
                return b / 1023f;
            }
        }
        return 1f;
    }
}
