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
        return enhance(source, scale, settings, false, BAND_ROWS);
    }

    /**
     * ×1 with default settings, the result written into {@code source}'s colour planes (which is returned): for a
     * caller that owns the picture and needs it no more, this saves a whole copy (200 MB for 4096²).
     */
    public static Image enhanceInPlace(Image source) {
        return enhance(source, 1, Settings.defaults(), true, BAND_ROWS);
    }

    /** Source rows per band: the steps run on one band at a time, so their working copies are band-sized. */
    static final int BAND_ROWS = 256;
    /**
     * Source rows of context above and below each band, more than every step reaches (guided filter 4, enlargement
     * 3 per ×2 step plus re-centring 2, sharpening ⌈3σ⌉ ≤ 6 output rows): results are those of the whole picture.
     */
    static final int MARGIN_ROWS = 16;

    /**
     * The steps band by band. The noise level and the contrast stretch are measured on the whole picture (the first
     * before, the second after the bands), so the banding does not change the result. In place (×1 only), a band's
     * result is written back one band late: the next band still reads the original rows in its upper margin.
     */
    static Image enhance(Image source, int scale, Settings settings, boolean inPlace, int bandRows) {
        if (scale != 1 && scale != 2 && scale != 4) {
            throw new IllegalArgumentException("scale must be 1, 2 or 4, got " + scale);
        }
        if (inPlace && scale != 1) {
            throw new IllegalArgumentException("only x1 works in place");
        }
        if (bandRows < MARGIN_ROWS) {
            throw new IllegalArgumentException("bands must be at least " + MARGIN_ROWS + " rows");
        }
        int colour = source.hasAlpha() ? 3 : source.channels();
        int w = source.width();
        int h = source.height();
        float[][] in = new float[colour][];
        for (int c = 0; c < colour; c++) {
            in[c] = source.plane(c);
        }
        double noise = Denoise.estimateNoise(in, w, h);
        Image out = inPlace ? source : Image.create(w * scale, h * scale, source.channels());
        int ow = w * scale;
        float[][] pending = null;
        int pendingRow = 0;
        for (int y0 = 0; y0 < h; y0 += bandRows) {
            int y1 = Math.min(h, y0 + bandRows);
            int top = Math.max(0, y0 - MARGIN_ROWS);
            int bottom = Math.min(h, y1 + MARGIN_ROWS);
            float[][] band = new float[colour][];
            for (int c = 0; c < colour; c++) {
                band[c] = java.util.Arrays.copyOfRange(in[c], top * w, bottom * w);
            }
            float[][] done = band(band, w, bottom - top, scale, settings, noise);
            float[][] kept = new float[colour][];
            for (int c = 0; c < colour; c++) {
                kept[c] = java.util.Arrays.copyOfRange(done[c], (y0 - top) * scale * ow, (y1 - top) * scale * ow);
            }
            if (inPlace) {
                if (pending != null) {
                    write(pending, out, pendingRow * ow);
                }
                pending = kept;
                pendingRow = y0;
            } else {
                write(kept, out, y0 * scale * ow);
            }
        }
        if (pending != null) {
            write(pending, out, pendingRow * ow);
        }
        float[][] result = new float[colour][];
        for (int c = 0; c < colour; c++) {
            result[c] = out.plane(c);
        }
        if (settings.autoContrast()) {
            autoContrast(result);
        }
        for (float[] p : result) {
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.clamp(p[i], 0f, 1f);
            }
        }
        if (source.hasAlpha() && scale > 1) {
            Image alpha = Resample.resize(Image.wrap(w, h, source.plane(3)), w * scale, h * scale,
                    Resample.Kernel.LANCZOS3);
            System.arraycopy(alpha.plane(0), 0, out.plane(3), 0, ow * h * scale);
        } else if (source.hasAlpha() && !inPlace) {
            System.arraycopy(source.plane(3), 0, out.plane(3), 0, w * h); // ×1 keeps the alpha as it is
        }
        return out;
    }

    private static void write(float[][] rows, Image out, int offset) {
        for (int c = 0; c < rows.length; c++) {
            System.arraycopy(rows[c], 0, out.plane(c), offset, rows[c].length);
        }
    }

    /** Denoise, enlarge and sharpen one band ({@code planes}, w × h, owned: may be overwritten). */
    private static float[][] band(float[][] planes, int w, int h, int scale, Settings settings, double noise) {
        int colour = planes.length;
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
        return planes;
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
