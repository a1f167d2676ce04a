package dev.atelier.imaging.stylize;

import dev.atelier.imaging.Image;

/**
 * Cartoon look, after Winnemöller, Olsen and Gooch, "Real-time video abstraction" (2006).
 *
 * <ol>
 *   <li>Abstraction: four passes of a bilateral filter flatten texture while keeping edges.</li>
 *   <li>Soft quantisation: luma is pulled towards {@link #LEVELS} levels with a tanh step (hard steps would
 *       flicker and band), and colour follows luma's ratio, so regions become flat tones.</li>
 *   <li>Outlines: XDoG lines on the abstracted luma multiply the result (dark contours).</li>
 * </ol>
 */
final class Cartoon {
    static final int LEVELS = 8;

    private Cartoon() {}

    static Image apply(Image rgb) {
        int w = rgb.width();
        int h = rgb.height();
        Image flat = rgb;
        for (int pass = 0; pass < 4; pass++) {
            flat = Filters.bilateral(flat, 3, 2.0, 0.08);
        }
        float[] luma = Filters.luma(flat);
        float[] lines = Filters.lines(luma, w, h, 1.2, 0.98, 60);
        float step = 1f / LEVELS;
        Image out = Image.create(w, h, 3);
        for (int i = 0; i < w * h; i++) {
            float y = luma[i];
            float nearest = Math.round(y / step) * step;
            float q = nearest + step / 2 * (float) Math.tanh(10 * (y - nearest) / step);
            float ratio = y > 1e-4f ? q / y : 1f;
            for (int c = 0; c < 3; c++) {
                out.plane(c)[i] = Math.clamp(flat.plane(c)[i] * ratio * lines[i], 0f, 1f);
            }
        }
        return out;
    }
}
