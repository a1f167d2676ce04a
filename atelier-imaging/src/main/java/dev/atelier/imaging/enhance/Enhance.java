package dev.atelier.imaging.enhance;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.filter.Blur;

/**
 * Classical photo enhancement: enlarge by 1, 2 or 4 and make the result cleaner and crisper, without a model.
 *
 * <ol>
 *   <li>Denoise: the noise level is measured on luma; above about 2.5 grey levels, each colour channel is
 *       smoothed by a self-guided filter whose ε follows that level ({@link Denoise}) — flat areas lose their grain,
 *       edges and texture above the noise stay.</li>
 *   <li>Enlarge: ×2 steps of edge-directed interpolation ({@link EdgeDirected}), each re-centred so pixel centres
 *       match centre-aligned resampling. Alpha, if any, is enlarged with Lanczos-3 in linear light.</li>
 *   <li>Sharpen: an unsharp mask on luma only (so no colour fringes), {@code y += k·(y − G(y))} with a soft
 *       threshold that leaves differences below twice the measured noise alone (sharpening grain is not
 *       detail), clamped to each pixel's 3×3 range so edges get steeper without overshoot halos.</li>
 *   <li>Auto contrast: if luma's 0.5th–99.5th percentiles do not span the range, stretch towards it, at most by
 *       1.25× and halfway — a gentle correction, the same for all channels so colours keep their balance.</li>
 * </ol>
 */
public final class Enhance {
    /**
     * Which steps run: {@code denoise} and {@code autoContrast} on or off, {@code sharpen} the unsharp-mask amount
     * (0 = none).
     */
    public record Settings(boolean denoise, double sharpen, boolean autoContrast) {
        public static Settings defaults() {
            return new Settings(true, 0.6, true);
        }
    }

    private Enhance() {}

    /** The enhanced picture, {@code scale} (1, 2 or 4) times the source size on each side, with default settings. */
    public static Image enhance(Image source, int scale) {
        return enhance(source, scale, Settings.defaults());
    }

    /** The enhanced picture, {@code scale} (1, 2 or 4) times the source size on each side. */
    public static Image enhance(Image source, int scale, Settings settings) {
        if (scale != 1 && scale != 2 && scale != 4) {
            throw new IllegalArgumentException("scale must be 1, 2 or 4, got " + scale);
        }
        int colour = source.hasAlpha() ? 3 : source.channels();
        int w = source.width();
        int h = source.height();
        float[][] planes = new float[colour][];
        for (int c = 0; c < colour; c++) {
            planes[c] = source.plane(c).clone();
        }
        float[] luma = luma(planes);
        double noise = Denoise.estimateNoise(luma, w, h);
        if (settings.denoise() && noise > Denoise.NOISE_FLOOR) {
            double epsilon = 4 * noise * noise;
            for (int c = 0; c < colour; c++) {
                planes[c] = Denoise.guided(planes[c], w, h, 2, epsilon);
            }
        }
        for (int s = scale; s > 1; s /= 2) {
            float[][] big = EdgeDirected.enlarge(planes, luma(planes), w, h);
            w *= 2;
            h *= 2;
            for (int c = 0; c < colour; c++) {
                planes[c] = EdgeDirected.recentre(big[c], w, h);
            }
        }
        if (settings.sharpen() > 0) {
            sharpen(planes, w, h, 0.7 + 0.3 * scale, settings.sharpen(), noise);
        }
        if (settings.autoContrast()) {
            autoContrast(planes);
        }
        Image out = Image.create(w, h, source.channels());
        for (int c = 0; c < colour; c++) {
            float[] p = planes[c];
            float[] o = out.plane(c);
            for (int i = 0; i < p.length; i++) {
                o[i] = Math.clamp(p[i], 0f, 1f);
            }
        }
        if (source.hasAlpha()) {
            Image alpha = Resample.resize(Image.wrap(source.width(), source.height(), source.plane(3)), w, h,
                    Resample.Kernel.LANCZOS3);
            System.arraycopy(alpha.plane(0), 0, out.plane(3), 0, w * h);
        }
        return out;
    }

    private static float[] luma(float[][] planes) {
        if (planes.length == 1) {
            return planes[0];
        }
        float[] y = new float[planes[0].length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299f * planes[0][i] + 0.587f * planes[1][i] + 0.114f * planes[2][i];
        }
        return y;
    }

    private static void sharpen(float[][] planes, int w, int h, double sigma, double amount, double noise) {
        float[] y = luma(planes);
        float[] blurred = Blur.gaussian(y, w, h, sigma);
        float threshold = (float) (2 * noise);
        float[] lo = new float[y.length];
        float[] hi = new float[y.length];
        range3x3(y, w, h, lo, hi);
        for (int i = 0; i < y.length; i++) {
            float detail = y[i] - blurred[i];
            float magnitude = Math.abs(detail);
            // Soft threshold: no boost below the noise, full boost from twice that.
            float gate = threshold <= 0 ? 1f : Math.clamp((magnitude - threshold) / threshold, 0f, 1f);
            // Clamped to the 3×3 neighbourhood's range: an edge gets steeper but never brighter than its bright
            // side nor darker than its dark side, so no overshoot halo (the bright/dark outline of an unsharp mask).
            float target = Math.clamp(y[i] + (float) amount * detail * gate, lo[i], hi[i]);
            float delta = target - y[i];
            for (float[] p : planes) {
                p[i] += delta;
            }
        }
    }

    /** Each pixel's minimum and maximum over its 3×3 neighbourhood (clipped at the border). */
    private static void range3x3(float[] v, int w, int h, float[] lo, float[] hi) {
        float[] rowLo = new float[v.length];
        float[] rowHi = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float a = v[i];
                float b = v[i];
                if (x > 0) {
                    a = Math.min(a, v[i - 1]);
                    b = Math.max(b, v[i - 1]);
                }
                if (x < w - 1) {
                    a = Math.min(a, v[i + 1]);
                    b = Math.max(b, v[i + 1]);
                }
                rowLo[i] = a;
                rowHi[i] = b;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float a = rowLo[i];
                float b = rowHi[i];
                if (y > 0) {
                    a = Math.min(a, rowLo[i - w]);
                    b = Math.max(b, rowHi[i - w]);
                }
                if (y < h - 1) {
                    a = Math.min(a, rowLo[i + w]);
                    b = Math.max(b, rowHi[i + w]);
                }
                lo[i] = a;
                hi[i] = b;
            }
        }
    }

    private static void autoContrast(float[][] planes) {
        float[] y = luma(planes);
        int[] histogram = new int[1024];
        for (float v : y) {
            histogram[Math.clamp((int) (v * 1023 + 0.5f), 0, 1023)]++;
        }
        float lo = percentile(histogram, y.length, 0.005);
        float hi = percentile(histogram, y.length, 0.995);
        if (hi - lo < 0.05f || (lo <= 0.02f && hi >= 0.98f)) {
            return;
        }
        float gain = Math.min(1.25f, 1f / (hi - lo));
        // Halfway between identity and the stretch about the middle of the percentile range.
        float middle = (lo + hi) / 2;
        float k = (1 + gain) / 2;
        for (float[] p : planes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = middle + (p[i] - middle) * k;
            }
        }
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
