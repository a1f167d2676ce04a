package dev.atelier.imaging.stylize;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.filter.Blur;
import java.util.stream.IntStream;

/** Building blocks shared by the styles: luma, bilateral smoothing, difference-of-Gaussians lines. */
final class Filters {
    private Filters() {}

    /** The colour planes as RGB (grey widened), sharing the planes: the filters never write to their input. */
    static Image rgb(Image img) {
        if (img.channels() == 1) {
            return Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0), img.plane(0));
        }
        return img.withoutAlpha();
    }

    static float[] luma(Image rgb) {
        float[] r = rgb.plane(0);
        float[] g = rgb.plane(1);
        float[] b = rgb.plane(2);
        float[] y = new float[r.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        return y;
    }

    /**
     * One pass of a bilateral filter (Tomasi and Manduchi 1998) on all three channels: each pixel becomes the
     * average of its neighbours within {@code radius}, weighted by spatial closeness (σs) and by colour closeness
     * (σr, on the RGB distance) — so smoothing stops at edges.
     */
    static Image bilateral(Image rgb, int radius, double sigmaSpace, double sigmaRange) {
        int w = rgb.width();
        int h = rgb.height();
        int side = 2 * radius + 1;
        float[] spatial = new float[side * side];
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                spatial[(dy + radius) * side + dx + radius] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigmaSpace * sigmaSpace));
            }
        }
        // Range weight as a table over squared distance 0..3 in 1024 steps.
        float[] range = new float[1025];
        for (int i = 0; i <= 1024; i++) {
            double d2 = 3.0 * i / 1024;
            range[i] = (float) Math.exp(-d2 / (2 * sigmaRange * sigmaRange));
        }
        float[] r = rgb.plane(0);
        float[] g = rgb.plane(1);
        float[] b = rgb.plane(2);
        Image out = Image.create(w, h, 3);
        IntStream.range(0, h).parallel().forEach(y -> {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float sr = 0, sg = 0, sb = 0, sw = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    int yy = Math.clamp(y + dy, 0, h - 1);
                    for (int dx = -radius; dx <= radius; dx++) {
                        int j = yy * w + Math.clamp(x + dx, 0, w - 1);
                        float er = r[j] - r[i];
                        float eg = g[j] - g[i];
                        float eb = b[j] - b[i];
                        float d2 = er * er + eg * eg + eb * eb;
                        float wt = spatial[(dy + radius) * side + dx + radius] * range[Math.min(1024, (int) (d2 * (1024 / 3f)))];
                        sr += wt * r[j];
                        sg += wt * g[j];
                        sb += wt * b[j];
                        sw += wt;
                    }
                }
                out.plane(0)[i] = sr / sw;
                out.plane(1)[i] = sg / sw;
                out.plane(2)[i] = sb / sw;
            }
        });
        return out;
    }

    /**
     * Line drawing by thresholded difference of Gaussians (Winnemöller's XDoG): {@code D = G(σ) − τ·G(1.6σ)} is
     * positive on flat areas and dips below zero just on the dark side of edges; lines = 1 where D ≥ 0, else
     * {@code 1 + tanh(φ·D)} (a smooth ramp to black).
     */
    static float[] lines(float[] luma, int w, int h, double sigma, double tau, double phi) {
        float[] a = Blur.gaussian(luma, w, h, sigma);
        float[] b = Blur.gaussian(luma, w, h, 1.6 * sigma);
        float[] out = new float[luma.length];
        for (int i = 0; i < out.length; i++) {
            float d = a[i] - (float) tau * b[i];
            out[i] = d >= 0 ? 1f : (float) Math.max(0, 1 + Math.tanh(phi * d));
        }
        return out;
    }

    /** Seeded value noise in [0, 1], smoothed with σ = {@code grain} pixels and stretched back to full range. */
    static float[] noise(int w, int h, double grain, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] n = new float[w * h];
        for (int i = 0; i < n.length; i++) {
            n[i] = rnd.nextFloat();
        }
        float[] s = Blur.gaussian(n, w, h, grain);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : s) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float span = Math.max(1e-6f, max - min);
        for (int i = 0; i < s.length; i++) {
            s[i] = (s[i] - min) / span;
        }
        return s;
    }
}
