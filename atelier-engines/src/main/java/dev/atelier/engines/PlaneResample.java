package dev.atelier.engines;

/**
 * Resampling of single planes (model inputs, outputs and masks, which are not sRGB-encoded colour and so must not
 * go through the linear-light {@code dev.atelier.imaging.Resample}): area average for shrinking, half-pixel bilinear
 * for enlarging.
 */
public final class PlaneResample {
    private PlaneResample() {}

    /**
     * Each output sample averages the source samples whose centres fall in its footprint (at least one), so large
     * photos shrink without aliasing.
     */
    public static float[] area(float[] src, int sw, int sh, int dw, int dh) {
        float[] out = new float[dw * dh];
        for (int y = 0; y < dh; y++) {
            int y0 = (int) ((long) y * sh / dh);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / dh));
            for (int x = 0; x < dw; x++) {
                int x0 = (int) ((long) x * sw / dw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / dw));
                double sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int r = yy * sw;
                    for (int xx = x0; xx < x1; xx++) {
                        sum += src[r + xx];
                    }
                }
                out[y * dw + x] = (float) (sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }

    /** Bilinear with half-pixel centres and edge clamping. */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        float[] out = new float[dw * dh];
        double sx = (double) sw / dw;
        double sy = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            double fy = Math.clamp((y + 0.5) * sy - 0.5, 0, sh - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, sh - 1);
            double ty = fy - y0;
            for (int x = 0; x < dw; x++) {
                double fx = Math.clamp((x + 0.5) * sx - 0.5, 0, sw - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, sw - 1);
                double tx = fx - x0;
                double top = src[y0 * sw + x0] * (1 - tx) + src[y0 * sw + x1] * tx;
                double bottom = src[y1 * sw + x0] * (1 - tx) + src[y1 * sw + x1] * tx;
                out[y * dw + x] = (float) (top * (1 - ty) + bottom * ty);
            }
        }
        return out;
    }

    /** Area average when shrinking (no aliasing), bilinear otherwise (area would degenerate to nearest neighbour). */
    public static float[] fit(float[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) {
            return src.clone();
        }
        return dw <= sw && dh <= sh ? area(src, sw, sh, dw, dh) : bilinear(src, sw, sh, dw, dh);
    }
}
