package dev.atelier.imaging.enhance;

import dev.atelier.imaging.parallel.Kernels;


/**
 * Edge-preserving denoising by the guided filter (He, Sun and Tang 2010) with the noise level estimated from the
 * picture itself (Immerkær 1996).
 *
 * <p>Guided filter, self-guided: in each (2r+1)² window the output is the linear model {@code a·I + b} that best
 * fits the input, with {@code a = var/(var + ε)}. Where the window varies much more than ε (an edge, real
 * texture) a ≈ 1 and the pixel is kept; where it is flat noise, a ≈ 0 and the window mean is used. Everything is
 * box filters, so the cost does not depend on r. ε is tied to the measured noise: {@code ε = (2σ)²}.
 *
 * <p>Noise estimate: the 3×3 operator {@code [1 −2 1; −2 4 −2; 1 −2 1]} cancels locally planar image content, so
 * its mean absolute response measures the noise: {@code σ = √(π/2) / 6 · mean|I ∗ N|}. Edges and fine texture
 * also respond, so, after Tai and Yang (2008), the 20% of pixels with the strongest Sobel gradient are left out;
 * a factor calibrated on pure Gaussian noise (1.07) undoes the bias that exclusion causes.
 */
final class Denoise {
    /** Below this estimated σ (≈ 2.5 grey levels of 255; the estimate counts fine texture too) nothing is done. */
    static final double NOISE_FLOOR = 0.01;
    /** Undoes the low bias of leaving out the strongest gradients, measured on pure Gaussian noise. */
    private static final double CALIBRATION = 1.07;

    private Denoise() {}

    /** Rows per chunk of the noise estimate: luma is made for one chunk at a time, never for the whole picture. */
    private static final int NOISE_CHUNK_ROWS = 64;

    /**
     * The noise σ of the picture's luma ({@code planes}: one grey plane, or R, G, B), in two streaming passes over
     * row chunks — the gradient cut from a regular sample, then the mean response below it — so no picture-sized
     * array is made (a 4096² picture would need three).
     */
    static double estimateNoise(float[][] planes, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        int n = (w - 2) * (h - 2);
        // The 80th percentile of the gradient, from a regular sample of at most 100 000 values.
        int step = Math.max(1, n / 100_000);
        float[] sample = new float[(n + step - 1) / step];
        int chunks = (h - 2 + NOISE_CHUNK_ROWS - 1) / NOISE_CHUNK_ROWS;
        Kernels.forEach(0, chunks, c -> noiseChunk(planes, w, h, c, (k, response, gradient) -> {
            if (k % step == 0) {
                sample[k / step] = gradient;
            }
        }));
        java.util.Arrays.sort(sample);
        float cut = sample[(int) (0.8 * (sample.length - 1))];
        double[] sums = new double[chunks];
        long[] counts = new long[chunks];
        Kernels.forEach(0, chunks, c -> noiseChunk(planes, w, h, c, (k, response, gradient) -> {
            if (gradient <= cut) {
                sums[c] += response;
                counts[c]++;
            }
        }));
        double sum = 0;
        long used = 0;
        for (int c = 0; c < chunks; c++) {
            sum += sums[c];
            used += counts[c];
        }
        return used == 0 ? 0 : CALIBRATION * Math.sqrt(Math.PI / 2) * sum / (6.0 * used);
    }

    /** One interior pixel's noise-operator response and Sobel gradient; {@code k} its index among interior pixels. */
    @FunctionalInterface
    private interface NoiseSample {
        void accept(int k, float response, float gradient);
    }

    /** Visits the interior pixels of rows chunk {@code c}, with luma made for those rows and one above and below. */
    private static void noiseChunk(float[][] planes, int w, int h, int c, NoiseSample visit) {
        int y0 = 1 + c * NOISE_CHUNK_ROWS;
        int y1 = Math.min(h - 1, y0 + NOISE_CHUNK_ROWS);
        float[] p = new float[(y1 - y0 + 2) * w];
        for (int y = y0 - 1; y <= y1; y++) {
            int s = y * w;
            int d = (y - y0 + 1) * w;
            for (int x = 0; x < w; x++) {
                p[d + x] = planes.length == 1 ? planes[0][s + x]
                        : 0.299f * planes[0][s + x] + 0.587f * planes[1][s + x] + 0.114f * planes[2][s + x];
            }
        }
        for (int y = y0; y < y1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = (y - y0 + 1) * w + x;
                float response = Math.abs(p[i - w - 1] - 2 * p[i - w] + p[i - w + 1]
                        - 2 * p[i - 1] + 4 * p[i] - 2 * p[i + 1]
                        + p[i + w - 1] - 2 * p[i + w] + p[i + w + 1]);
                float gx = p[i - w + 1] + 2 * p[i + 1] + p[i + w + 1] - p[i - w - 1] - 2 * p[i - 1] - p[i + w - 1];
                float gy = p[i + w - 1] + 2 * p[i + w] + p[i + w + 1] - p[i - w - 1] - 2 * p[i - w] - p[i - w + 1];
                visit.accept((y - 1) * (w - 2) + x - 1, response, Math.abs(gx) + Math.abs(gy));
            }
        }
    }

    /** The guided filter of {@code p} by itself (see the class comment); a new plane. */
    static float[] guided(float[] p, int w, int h, int r, double epsilon) {
        float[] sq = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            sq[i] = p[i] * p[i];
        }
        float[] mean = box(p, w, h, r);
        float[] meanSq = box(sq, w, h, r);
        float[] a = new float[p.length];
        float[] b = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            float var = Math.max(0, meanSq[i] - mean[i] * mean[i]);
            a[i] = (float) (var / (var + epsilon));
            b[i] = mean[i] - a[i] * mean[i];
        }
        float[] ma = box(a, w, h, r);
        float[] mb = box(b, w, h, r);
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = ma[i] * p[i] + mb[i];
        }
        return out;
    }

    /** Mean over the (2r+1)² window clipped to the picture, by running sums in both directions. */
    static float[] box(float[] p, int w, int h, int r) {
        float[] tmp = new float[p.length];
        Kernels.forEach(0, h, y -> {
            int base = y * w;
            double s = 0;
            for (int x = 0; x < Math.min(r, w); x++) {
                s += p[base + x];
            }
            for (int x = 0; x < w; x++) {
                if (x + r < w) {
                    s += p[base + x + r];
                }
                if (x - r - 1 >= 0) {
                    s -= p[base + x - r - 1];
                }
                int n = Math.min(w - 1, x + r) - Math.max(0, x - r) + 1;
                tmp[base + x] = (float) (s / n);
            }
        });
        float[] out = new float[p.length];
        Kernels.forEach(0, w, x -> {
            double s = 0;
            for (int y = 0; y < Math.min(r, h); y++) {
                s += tmp[y * w + x];
            }
            for (int y = 0; y < h; y++) {
                if (y + r < h) {
                    s += tmp[(y + r) * w + x];
                }
                if (y - r - 1 >= 0) {
                    s -= tmp[(y - r - 1) * w + x];
                }
                int n = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
                out[y * w + x] = (float) (s / n);
            }
        });
        return out;
    }
}
