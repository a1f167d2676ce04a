package dev.atelier.imaging.color;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Srgb;
import dev.atelier.imaging.filter.Blur;
import dev.atelier.imaging.parallel.Kernels;

/**
 * Lighting repair: local tone mapping that brightens shadows, restrains highlights and restores local contrast,
 * without changing colours.
 *
 * <p>Steps, all on CIE lightness L (0..1) computed from linear luminance:
 * <ol>
 *   <li>Base layer: a wide Gaussian blur of L (σ = 1/30 of the short side) — the local brightness, without
 *       texture.</li>
 *   <li>Shadow lift and highlight recovery act on the base only, so texture is kept: {@code base' = base +
 *       s·1.5·base·(1−base)² − h·1.5·base²·(1−base)}; both terms vanish at pure black and pure white, so blacks
 *       stay black. L is moved by {@code base' − base}.</li>
 *   <li>CLAHE (contrast-limited adaptive histogram equalisation, Zuiderveld 1994): the picture is cut into 8×8
 *       tiles; each tile's histogram is clipped at {@code clipLimit} times its mean bin height (the excess spread
 *       evenly, which bounds the contrast gain and so the noise boost) and its cumulative histogram becomes a tone
 *       curve; each pixel blends the curves of its four nearest tiles bilinearly so no tile edges show. The
 *       result is mixed with the tone-mapped L by {@code strength}.</li>
 *   <li>Colour: each pixel's linear RGB is scaled by the ratio of new to old luminance, which keeps its
 *       chromaticity.</li>
 * </ol>
 */
public final class Lighting {

    /**
     * Tuning: {@code shadows} and {@code highlights} in 0..1, {@code clipLimit} ≥ 1 (1 = no equalisation),
     * {@code strength} 0..1 of the CLAHE result.
     */
    public record Settings(double shadows, double highlights, double clipLimit, double strength) {
        public static Settings defaults() {
            return new Settings(0.6, 0.4, 2.0, 0.5);
        }
    }

    private static final int TILES = 8;
    private static final int BINS = 256;

    private Lighting() {}

    public static Image apply(Image source) {
        return apply(source, Settings.defaults());
    }

    public static Image apply(Image source, Settings settings) {
        int w = source.width();
        int h = source.height();
        int n = w * h;
        boolean rgb = source.channels() >= 3;
        float[] luminance = new float[n];
        Kernels.forEach(0, h, y -> {
            for (int i = y * w; i < (y + 1) * w; i++) {
                luminance[i] = rgb
                        ? 0.2126f * Srgb.toLinear(source.plane(0)[i]) + 0.7152f * Srgb.toLinear(source.plane(1)[i])
                                + 0.0722f * Srgb.toLinear(source.plane(2)[i])
                        : Srgb.toLinear(source.plane(0)[i]);
            }
        });
        float[] lightness = new float[n];
        for (int i = 0; i < n; i++) {
            lightness[i] = Lightness.fromLuminance(luminance[i]);
        }
        float[] base = Blur.gaussian(lightness, w, h, Math.max(1.0, Math.min(w, h) / 30.0));
        float s = (float) settings.shadows();
        float hl = (float) settings.highlights();
        float[] toned = new float[n];
        for (int i = 0; i < n; i++) {
            float b = base[i];
            float shifted = b + s * 1.5f * b * (1 - b) * (1 - b) - hl * 1.5f * b * b * (1 - b);
            toned[i] = Math.clamp(lightness[i] + shifted - b, 0f, 1f);
        }
        float[] equalised = clahe(toned, w, h, settings.clipLimit());
        float k = (float) settings.strength();
        Image out = source.copy();
        int colour = source.hasAlpha() ? 3 : source.channels();
        Kernels.forEach(0, h, y -> {
            for (int i = y * w; i < (y + 1) * w; i++) {
                float l = toned[i] + k * (equalised[i] - toned[i]);
                double newY = Lightness.toLuminance(l);
                float ratio = luminance[i] > 1e-6f ? (float) (newY / luminance[i]) : 0f;
                for (int c = 0; c < colour; c++) {
                    float[] p = out.plane(c);
                    p[i] = luminance[i] > 1e-6f ? Srgb.toEncodedFast(Srgb.toLinear(p[i]) * ratio)
                            : Srgb.toEncodedFast((float) newY);
                }
            }
        });
        return out;
    }

    /** CLAHE of a plane in [0, 1] (see the class comment); returns a new plane. */
    static float[] clahe(float[] plane, int w, int h, double clipLimit) {
        int tilesX = Math.min(TILES, w);
        int tilesY = Math.min(TILES, h);
        float[][] curves = new float[tilesX * tilesY][];
        Kernels.forEach(0, tilesX * tilesY, t -> {
            int tx = t % tilesX;
            int ty = t / tilesX;
            int x0 = tx * w / tilesX;
            int x1 = (tx + 1) * w / tilesX;
            int y0 = ty * h / tilesY;
            int y1 = (ty + 1) * h / tilesY;
            double[] hist = new double[BINS];
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    hist[bin(plane[y * w + x])]++;
                }
            }
            int count = (x1 - x0) * (y1 - y0);
            double limit = Math.max(1, clipLimit * count / BINS);
            double excess = 0;
            for (int b = 0; b < BINS; b++) {
                if (hist[b] > limit) {
                    excess += hist[b] - limit;
                    hist[b] = limit;
                }
            }
            float[] curve = new float[BINS];
            double cumulative = 0;
            double spread = excess / BINS;
            for (int b = 0; b < BINS; b++) {
                cumulative += hist[b] + spread;
                curve[b] = (float) (cumulative / count);
            }
            curves[t] = curve;
        });
        float[] out = new float[plane.length];
        Kernels.forEach(0, h, y -> {
            // Tile centres at ((t + 0.5) · size); find the two tile rows around y.
            double fy = (y + 0.5) * tilesY / h - 0.5;
            int ty0 = Math.clamp((int) Math.floor(fy), 0, tilesY - 1);
            int ty1 = Math.min(ty0 + 1, tilesY - 1);
            float wy = (float) Math.clamp(fy - ty0, 0, 1);
            for (int x = 0; x < w; x++) {
                double fx = (x + 0.5) * tilesX / w - 0.5;
                int tx0 = Math.clamp((int) Math.floor(fx), 0, tilesX - 1);
                int tx1 = Math.min(tx0 + 1, tilesX - 1);
                float wx = (float) Math.clamp(fx - tx0, 0, 1);
                float v = plane[y * w + x];
                int b = bin(v);
                float t = Math.clamp(v * BINS - b, 0f, 1f);
                float top = map(curves[ty0 * tilesX + tx0], b, t) * (1 - wx) + map(curves[ty0 * tilesX + tx1], b, t) * wx;
                float bottom = map(curves[ty1 * tilesX + tx0], b, t) * (1 - wx) + map(curves[ty1 * tilesX + tx1], b, t) * wx;
                out[y * w + x] = top * (1 - wy) + bottom * wy;
            }
        });
        return out;
    }

    private static int bin(float v) {
        return Math.clamp((int) (v * BINS), 0, BINS - 1);
    }

    /**
     * The tone curve at fraction {@code t} through bin {@code b}: linear between the cumulative histogram at the
     * bin's lower and upper edges, so smooth gradients stay smooth instead of snapping to 256 levels.
     */
    private static float map(float[] curve, int b, float t) {
        float lower = b == 0 ? 0f : curve[b - 1];
        return lower + (curve[b] - lower) * t;
    }
}
