package dev.atelier.engines;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.Lab;
import java.util.Map;
import java.util.Objects;

/**
 * Colorization of black-and-white photos: the engine predicts the chroma (a*, b* in CIE Lab) of every pixel, and the
 * photo's own lightness is kept, so detail never changes; {@link Result#render} mixes the chroma in at a strength.
 */
public interface Colorization extends Engine {

    /**
     * Predicts colour for {@code source} (1, 3 or 4 channels; any colour it has is ignored, alpha is kept).
     *
     * @throws EngineException {@code error_inference} when the engine cannot run or fails
     */
    Result colorize(Image source, Progress progress);

    /**
     * @param source the photo as given
     * @param a predicted a* per pixel at the source's size
     * @param b predicted b* per pixel at the source's size
     * @param metadata as in {@link Segmentation.Result#metadata()}
     */
    record Result(Image source, float[] a, float[] b, Map<String, String> metadata) {
        public Result {
            Objects.requireNonNull(source, "source");
            long n = source.pixelCount();
            if (a.length != n || b.length != n) {
                throw new IllegalArgumentException("chroma planes must have one value per source pixel");
            }
            metadata = Map.copyOf(metadata);
        }

        /**
         * The photo in colour: its own L* with the predicted a*, b* scaled by {@code strength} (1 = as predicted,
         * 0 = grey, above 1 = more saturated). RGB, plus the source's alpha when it has one.
         */
        public Image render(double strength) {
            int w = source.width();
            int h = source.height();
            int n = w * h;
            float[][] rgb = new float[3][n];
            double[] px = new double[3];
            boolean colour = source.channels() >= 3;
            float[] r = source.plane(0);
            float[] g = source.plane(colour ? 1 : 0);
            float[] bl = source.plane(colour ? 2 : 0);
            for (int i = 0; i < n; i++) {
                double l = Lab.lightness(r[i], g[i], bl[i]);
                Lab.toSrgb(l, a[i] * strength, b[i] * strength, px);
                rgb[0][i] = (float) px[0];
                rgb[1][i] = (float) px[1];
                rgb[2][i] = (float) px[2];
            }
            return source.hasAlpha() ? Image.wrap(w, h, rgb[0], rgb[1], rgb[2], source.plane(3))
                    : Image.wrap(w, h, rgb);
        }
    }
}
