package dev.atelier.imaging.enhance;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.filter.Blur;

/**
 * Classical photo enhancement: enlarge by 1, 2 or 4, then restore apparent sharpness.
 *
 * <p>Steps: Lanczos-3 resampling in linear light ({@link Resample}); then a mild unsharp mask on the encoded
 * colour channels, {@code out = in + amount·(in − gaussian(in))}, whose radius grows with the scale because
 * enlarged edges are spread over more pixels. Alpha is resampled but never sharpened.
 */
public final class Enhance {
    private static final double AMOUNT = 0.5;

    private Enhance() {}

    /** The enhanced picture, {@code scale} times the source size on each side. */
    public static Image enhance(Image source, int scale) {
        if (scale != 1 && scale != 2 && scale != 4) {
            throw new IllegalArgumentException("scale must be 1, 2 or 4, got " + scale);
        }
        Image big = scale == 1 ? source.copy()
                : Resample.resize(source, source.width() * scale, source.height() * scale, Resample.Kernel.LANCZOS3);
        double sigma = 0.6 + 0.4 * scale;
        int colour = big.hasAlpha() ? 3 : big.channels();
        for (int c = 0; c < colour; c++) {
            float[] p = big.plane(c);
            float[] blurred = Blur.gaussian(p, big.width(), big.height(), sigma);
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.clamp(p[i] + (float) AMOUNT * (p[i] - blurred[i]), 0f, 1f);
            }
        }
        return big;
    }
}
