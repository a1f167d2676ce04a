package dev.atelier.imaging.stylize;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.filter.Blur;

/**
 * Pencil sketch: graphite tones from a colour dodge, contour lines, and diagonal hatching in the darks.
 *
 * <ol>
 *   <li>Tone: luma "colour-dodged" with its own blurred negative, {@code t = y / (1 − G(1 − y))}. Flat areas go to
 *       paper white; only places that differ from their surroundings (edges, texture) keep graphite.</li>
 *   <li>Contours: XDoG lines on luma darken the strongest edges.</li>
 *   <li>Hatching: seeded noise smeared along a 45° diagonal (a pencil stroke direction) shades areas in
 *       proportion to how dark the original was.</li>
 * </ol>
 * The output is grey (R = G = B).
 */
final class PencilSketch {
    private PencilSketch() {}

    static Image apply(Image rgb) {
        int w = rgb.width();
        int h = rgb.height();
        float[] y = Filters.luma(rgb);
        float[] inverted = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            inverted[i] = 1 - y[i];
        }
        float[] blurred = Blur.gaussian(inverted, w, h, Math.max(2.0, Math.min(w, h) / 80.0));
        float[] lines = Filters.lines(y, w, h, 1.0, 0.98, 40);
        float[] strokes = strokes(w, h);
        Image out = Image.create(w, h, 3);
        for (int i = 0; i < y.length; i++) {
            float dodge = Math.min(1f, y[i] / Math.max(1e-3f, 1 - blurred[i]));
            float shade = 1 - 0.35f * (1 - y[i]) * strokes[i];
            float v = Math.clamp(dodge * shade * (0.3f + 0.7f * lines[i]), 0f, 1f);
            out.plane(0)[i] = v;
            out.plane(1)[i] = v;
            out.plane(2)[i] = v;
        }
        return out;
    }

    /** Noise streaked along the 45° diagonal, in [0, 1]. */
    private static float[] strokes(int w, int h) {
        float[] n = Filters.noise(w, h, 0.7, 0x9E3779B97F4A7C15L);
        float[] out = new float[n.length];
        int length = 6;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int k = -length; k <= length; k++) {
                    int xx = Math.clamp(x + k, 0, w - 1);
                    int yy = Math.clamp(y - k, 0, h - 1);
                    s += n[yy * w + xx];
                }
                out[y * w + x] = s / (2 * length + 1);
            }
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : out) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (out[i] - min) / Math.max(1e-6f, max - min);
        }
        return out;
    }
}
