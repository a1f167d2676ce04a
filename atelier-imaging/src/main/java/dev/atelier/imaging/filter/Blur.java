package dev.atelier.imaging.filter;

import java.util.stream.IntStream;

/**
 * Separable Gaussian blur on one float plane, with clamp-to-edge borders, parallel over rows.
 *
 * <p>A 2-D Gaussian is the product of two 1-D Gaussians, so blurring rows then columns costs {@code 2·(2r+1)}
 * multiplies per pixel instead of {@code (2r+1)²}; the kernel radius is {@code ceil(3σ)}, which keeps 99.7% of
 * the weight.
 */
public final class Blur {
    private Blur() {}

    /** A new plane: {@code plane} ({@code width} × {@code height}) blurred with standard deviation {@code sigma}. */
    public static float[] gaussian(float[] plane, int width, int height, double sigma) {
        if (sigma <= 0) {
            return plane.clone();
        }
        float[] kernel = kernel(sigma);
        int r = kernel.length / 2;
        float[] tmp = new float[plane.length];
        IntStream.range(0, height).parallel().forEach(y -> {
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
        IntStream.range(0, height).parallel().forEach(y -> {
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
