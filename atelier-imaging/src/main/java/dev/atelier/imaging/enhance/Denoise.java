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

    static double estimateNoise(float[] p, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        int n = (w - 2) * (h - 2);
        float[] response = new float[n];
        float[] gradient = new float[n];
        Kernels.forEach(1, h - 1, y -> {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                int k = (y - 1) * (w - 2) + x - 1;
                response[k] = Math.abs(p[i - w - 1] - 2 * p[i - w] + p[i - w + 1]
                        - 2 * p[i - 1] + 4 * p[i] - 2 * p[i + 1]
                        + p[i + w - 1] - 2 * p[i + w] + p[i + w + 1]);
                float gx = p[i - w + 1] + 2 * p[i + 1] + p[i + w + 1] - p[i - w - 1] - 2 * p[i - 1] - p[i + w - 1];
                float gy = p[i + w - 1] + 2 * p[i + w] + p[i + w + 1] - p[i - w - 1] - 2 * p[i - w] - p[i - w + 1];
                gradient[k] = Math.abs(gx) + Math.abs(gy);
            }
        });
        // The 80th percentile of the gradient, from a regular sample of at most 100 000 values.
        int step = Math.max(1, n / 100_000);
        float[] sample = new float[(n + step - 1) / step];
        for (int k = 0, j = 0; k < n; k += step) {
            sample[j++] = gradient[k];
        }
        java.util.Arrays.sort(sample);
        float cut = sample[(int) (0.8 * (sample.length - 1))];
        double sum = 0;
        int used = 0;
        for (int k = 0; k < n; k++) {
            if (gradient[k] <= cut) {
                sum += response[k];
                used++;
            }
        }
        return used == 0 ? 0 : CALIBRATION * Math.sqrt(Math.PI / 2) * sum / (6.0 * used);
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
