package dev.atelier.imaging.composite;

import dev.atelier.imaging.parallel.Kernels;


/** Disc (lens aperture) convolution of a plane, and the box shrink / bilinear enlarge around it. */
final class Disc {
    private Disc() {}

    /**
     * Convolves with a uniform disc of radius {@code r} (clamp-to-edge). The disc is a stack of horizontal spans, so
     * with per-row prefix sums each output costs {@code 2r+1} additions instead of {@code πr²}.
     */
    static float[] blur(float[] plane, int w, int h, int r) {
        double[] prefix = new double[(w + 1) * h];
        for (int y = 0; y < h; y++) {
            double s = 0;
            for (int x = 0; x < w; x++) {
                s += plane[y * w + x];
                prefix[y * (w + 1) + x + 1] = s;
            }
        }
        int[] half = new int[2 * r + 1];
        int area = 0;
        for (int dy = -r; dy <= r; dy++) {
            half[dy + r] = (int) Math.floor(Math.sqrt((double) r * r - dy * dy) + 0.5);
            area += 2 * half[dy + r] + 1;
        }
        float norm = 1f / area;
        float[] out = new float[w * h];
        Kernels.forEach(0, h, y -> {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int dy = -r; dy <= r; dy++) {
                    int yy = Math.clamp(y + dy, 0, h - 1);
                    int hw = half[dy + r];
                    int x0 = x - hw;
                    int x1 = x + hw;
                    int row = yy * (w + 1);
                    // Inside span from prefix sums; parts past the left/right edge repeat the edge sample.
                    int a = Math.max(x0, 0);
                    int b = Math.min(x1, w - 1);
                    acc += prefix[row + b + 1] - prefix[row + a];
                    if (x0 < 0) {
                        acc += (double) -x0 * plane[yy * w];
                    }
                    if (x1 > w - 1) {
                        acc += (double) (x1 - (w - 1)) * plane[yy * w + w - 1];
                    }
                }
                out[y * w + x] = (float) (acc * norm);
            }
        });
        return out;
    }

    /** Box-average shrink by an integer factor, of {@code plane·weight} (weight may be null for 1). */
    static float[] shrink(float[] plane, float[] weight, int w, int h, int factor) {
        if (factor == 1 && weight == null) {
            return plane;
        }
        int sw = (w + factor - 1) / factor;
        int sh = (h + factor - 1) / factor;
        float[] out = new float[sw * sh];
        Kernels.forEach(0, sh, sy -> {
            for (int sx = 0; sx < sw; sx++) {
                double s = 0;
                int n = 0;
                for (int y = sy * factor; y < Math.min(h, (sy + 1) * factor); y++) {
                    for (int x = sx * factor; x < Math.min(w, (sx + 1) * factor); x++) {
                        int i = y * w + x;
                        s += weight == null ? plane[i] : plane[i] * weight[i];
                        n++;
                    }
                }
                out[sy * sw + sx] = (float) (s / n);
            }
        });
        return out;
    }

    /**
     * Bilinear enlargement of a {@code sw × sh} plane back to {@code w × h}; samples marked negative (undefined)
     * are skipped in the interpolation, and stay negative only where all four neighbours are undefined.
     */
    static float[] enlarge(float[] small, int sw, int sh, int w, int h, int factor) {
        if (factor == 1) {
            return small.clone();
        }
        float[] out = new float[w * h];
        Kernels.forEach(0, h, y -> {
            double fy = (y + 0.5) / factor - 0.5;
            int y0 = Math.clamp((int) Math.floor(fy), 0, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float ty = (float) Math.clamp(fy - y0, 0, 1);
            for (int x = 0; x < w; x++) {
                double fx = (x + 0.5) / factor - 0.5;
                int x0 = Math.clamp((int) Math.floor(fx), 0, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                float tx = (float) Math.clamp(fx - x0, 0, 1);
                float s = 0;
                float n = 0;
                float v = small[y0 * sw + x0];
                float k = (1 - tx) * (1 - ty);
                if (v >= 0) {
                    s += v * k;
                    n += k;
                }
                v = small[y0 * sw + x1];
                k = tx * (1 - ty);
                if (v >= 0) {
                    s += v * k;
                    n += k;
                }
                v = small[y1 * sw + x0];
                k = (1 - tx) * ty;
                if (v >= 0) {
                    s += v * k;
                    n += k;
                }
                v = small[y1 * sw + x1];
                k = tx * ty;
                if (v >= 0) {
                    s += v * k;
                    n += k;
                }
                out[y * w + x] = n > 1e-6f ? s / n : -1f;
            }
        });
        return out;
    }
}
