package dev.atelier.imaging.filter;

import dev.atelier.imaging.parallel.Kernels;


/**
 * Separable Gaussian blur on one float plane, with clamp-to-edge borders, parallel over rows.
 *
 * <p>A 2-D Gaussian is the product of two 1-D Gaussians, so blurring rows then columns costs {@code 2·(2r+1)}
 * multiplies per pixel instead of {@code (2r+1)²}; the kernel radius is {@code ceil(3σ)}, which keeps 99.7% of
 * the weight. Above σ = {@value #BOX_SIGMA} that is still hundreds of taps, so wide blurs use three successive box
 * filters instead (Kovesi, "Fast almost-Gaussian filtering", 2010: box widths chosen so the variances add up to
 * σ²), each box a running sum costing the same for any width.
 */
public final class Blur {
    /** Above this σ the three-box approximation replaces the exact kernel. */
    static final double BOX_SIGMA = 6;

    private Blur() {}

    /** Three box passes in each direction whose combined variance is σ² (widths odd, as close as possible). */
    static float[] almostGaussian(float[] plane, int w, int h, double sigma) {
        int passes = 3;
        double ideal = Math.sqrt(12 * sigma * sigma / passes + 1);
        int lower = (int) Math.floor(ideal);
        if (lower % 2 == 0) {
            lower--;
        }
        int upper = lower + 2;
        long m = Math.round((12 * sigma * sigma - passes * lower * lower - 4.0 * passes * lower - 3 * passes)
                / (-4.0 * lower - 4));
        float[] out = plane;
        for (int i = 0; i < passes; i++) {
            int radius = ((i < m ? lower : upper) - 1) / 2;
            out = boxRows(out, w, h, radius);
            out = boxColumns(out, w, h, radius);
        }
        return out;
    }

    /** Mean over {@code 2r+1} samples along each row, clamp-to-edge, by a running sum. */
    static float[] boxRows(float[] p, int w, int h, int r) {
        float[] out = new float[p.length];
        float norm = 1f / (2 * r + 1);
        Kernels.forEach(0, h, y -> {
            int b = y * w;
            double s = 0;
            for (int k = -r; k <= r; k++) {
                s += p[b + Math.clamp(k, 0, w - 1)];
            }
            for (int x = 0; x < w; x++) {
                out[b + x] = (float) (s * norm);
                s += p[b + Math.min(x + r + 1, w - 1)] - p[b + Math.max(x - r, 0)];
            }
        });
        return out;
    }

    /** Mean over {@code 2r+1} rows, clamp-to-edge; whole rows are added and removed so the inner loop is contiguous. */
    static float[] boxColumns(float[] p, int w, int h, int r) {
        float[] out = new float[p.length];
        float norm = 1f / (2 * r + 1);
        int bands = Math.max(1, Math.min(w / 64, 4 * Runtime.getRuntime().availableProcessors()));
        Kernels.forEach(0, bands, band -> {
            int x0 = w * band / bands;
            int x1 = w * (band + 1) / bands;
            double[] s = new double[x1 - x0];
            for (int k = -r; k <= r; k++) {
                int row = Math.clamp(k, 0, h - 1) * w;
                for (int x = x0; x < x1; x++) {
                    s[x - x0] += p[row + x];
                }
            }
            for (int y = 0; y < h; y++) {
                int o = y * w;
                int add = Math.min(y + r + 1, h - 1) * w;
                int sub = Math.max(y - r, 0) * w;
                for (int x = x0; x < x1; x++) {
                    out[o + x] = (float) (s[x - x0] * norm);
                    s[x - x0] += p[add + x] - p[sub + x];
                }
            }
        });
        return out;
    }

    /** A new plane: {@code plane} ({@code width} × {@code height}) blurred with standard deviation {@code sigma}. */
    public static float[] gaussian(float[] plane, int width, int height, double sigma) {
        if (sigma <= 0) {
            return plane.clone();
        }
        if (sigma > BOX_SIGMA) {
            return almostGaussian(plane, width, height, sigma);
        }
        float[] kernel = kernel(sigma);
        int r = kernel.length / 2;
        float[] tmp = new float[plane.length];
        Kernels.forEach(0, height, y -> {
            int base = y * width;
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = Math.clamp(x + k, 0, width - 1);
                    acc += kernel[k + r] * plane[base + xx];
                }
                tmp[base + x] = acc;
            }
        });
        float[] out = new float[plane.length];
        Kernels.forEach(0, height, y -> {
            int base = y * width;
            for (int k = -r; k <= r; k++) {
                int row = Math.clamp(y + k, 0, height - 1) * width;
                float w = kernel[k + r];
                for (int x = 0; x < width; x++) {
                    out[base + x] += w * tmp[row + x];
                }
            }
        });
        return out;
    }

    /** Normalised 1-D Gaussian taps, length {@code 2·ceil(3σ)+1}. */
    static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-(i * i) / (2 * sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }
}
