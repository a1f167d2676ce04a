package dev.atelier.imaging.stylize;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Srgb;
import dev.atelier.imaging.filter.Blur;

/**
 * Watercolour, after Bousseau et al., "Interactive watercolor rendering with temporal coherence and abstraction"
 * (2006).
 *
 * <ol>
 *   <li>Abstraction: bilateral passes with a wide colour tolerance make soft washes.</li>
 *   <li>Pigment density: the washes are modulated by a density map d with the paper/pigment model
 *       {@code C' = C − (C − C²)(d − 1)} (d > 1 darkens, d < 1 lightens, white paper stays white). The map sums
 *       coarse turbulence (uneven washes), fine grain (paper texture) and edge darkening (pigment gathers where a
 *       wash ends: the gradient magnitude of the abstracted picture).</li>
 *   <li>The picture is slightly lightened towards the paper, as thin washes are.</li>
 * </ol>
 */
final class Watercolour {
    private Watercolour() {}

    static Image apply(Image rgb) {
        int w = rgb.width();
        int h = rgb.height();
        Image wash = rgb;
        for (int pass = 0; pass < 3; pass++) {
            wash = Filters.bilateral(wash, 4, 3.0, 0.15);
        }
        float[] y = Blur.gaussian(Filters.luma(wash), w, h, 1.0);
        float[] edges = new float[w * h];
        float maxEdge = 1e-6f;
        for (int yy = 1; yy < h - 1; yy++) {
            for (int x = 1; x < w - 1; x++) {
                int i = yy * w + x;
                float gx = y[i + 1] - y[i - 1];
                float gy = y[i + w] - y[i - w];
                edges[i] = (float) Math.sqrt(gx * gx + gy * gy);
                maxEdge = Math.max(maxEdge, edges[i]);
            }
        }
        float[] turbulence = Filters.noise(w, h, Math.max(4.0, Math.min(w, h) / 40.0), 0x51A7E5L);
        float[] grain = Filters.noise(w, h, 0.8, 0xC0FFEEL);
        Image out = Image.create(w, h, 3);
        for (int i = 0; i < w * h; i++) {
            float density = 1f + 0.35f * (turbulence[i] - 0.5f) + 0.2f * (grain[i] - 0.5f)
                    + 1.2f * Math.min(1f, 4 * edges[i] / maxEdge) * 0.5f;
            for (int c = 0; c < 3; c++) {
                float v = Srgb.toLinear(wash.plane(c)[i]);
                v = 0.1f + 0.9f * v; // thin wash over white paper
                float pigment = v - (v - v * v) * (density - 1);
                out.plane(c)[i] = Srgb.toEncodedFast(Math.clamp(pigment, 0f, 1f));
            }
        }
        return out;
    }
}
