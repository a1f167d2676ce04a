package dev.atelier.imaging.composite;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.Srgb;
import dev.atelier.imaging.parallel.Kernels;

/**
 * Background blur and background replacement behind a subject, given the subject's matte (1 channel, 1 = subject,
 * 0 = background, soft values at the edge — what segmentation produces).
 *
 * <p>Both work in linear light and share one idea against halos: the background is estimated from background
 * pixels only. A plain blur would smear the subject's colours into the background around it (the familiar glow
 * around portraits); instead the blur is a normalised convolution, {@code B = K∗(I·(1−m)) / K∗(1−m)}, the weighted
 * mean of the background pixels under the kernel K, so near the subject it is made of background alone. Only
 * clear background counts ({@code m < 0.1}, weight {@code 1 − 10m}): soft edge pixels already mix in subject colour.
 *
 * <p>Blur ({@link #blur}): K is a disc (the shape of a lens aperture, so bright points become bokeh discs rather
 * than Gaussian smudges) whose radius grows with {@code intensity} up to 4% of the longer side. Large discs are
 * computed on a proportionally reduced picture (the result is smooth, so nothing visible is lost) and enlarged
 * back; the output is {@code m·F + (1−m)·B}.
 *
 * <p>Replacement ({@link #replace(Image, Image, Image)}): the output is {@code m·F + (1−m)·N} over the new
 * background N.
 *
 * <p>In both, F is the subject's own colour: edge pixels of the source mix subject and old background colours
 * ({@code I = m·F + (1−m)·B}), and compositing I itself would keep a fringe of the old background (sharp, over the
 * blur). F is estimated by {@link Matting#foreground} (the multi-level solver for F and B); where m is 1 it is the
 * source pixel. bench/quality measures the gain against the true composite.
 */
public final class Background {
    /** Largest blur radius, as a fraction of the longer side, at intensity 100. */
    private static final double MAX_RADIUS_FRACTION = 0.04;
    /** Disc radius at which the blur moves to a reduced picture. */
    private static final int WORKING_RADIUS = 8;

    private Background() {}

    /**
     * The picture with its background blurred like a wide-open lens; {@code intensity} 0..100 (0 = unchanged).
     * Returns RGB (alpha, if any, is dropped: the result is a photograph).
     */
    public static Image blur(Image source, Image subjectMatte, int intensity) {
        check(source, subjectMatte);
        if (intensity < 0 || intensity > 100) {
            throw new IllegalArgumentException("intensity must be 0..100, got " + intensity);
        }
        Image rgb = rgb(source);
        double radius = intensity / 100.0 * MAX_RADIUS_FRACTION * Math.max(source.width(), source.height());
        if (radius < 0.5) {
            return rgb.copy();
        }
        float[][] linear = linear(rgb);
        float[] m = subjectMatte.plane(0);
        float[][] background = backgroundEstimate(linear, m, rgb.width(), rgb.height(), radius);
        return composite(subjectColour(linear, m, rgb.width(), rgb.height()), m, background, rgb.width(),
                rgb.height());
    }

    /** The subject over a flat colour (sRGB-encoded components in [0, 1]). */
    public static Image replace(Image source, Image subjectMatte, float red, float green, float blue) {
        check(source, subjectMatte);
        Image flat = Image.create(source.width(), source.height(), 3);
        java.util.Arrays.fill(flat.plane(0), red);
        java.util.Arrays.fill(flat.plane(1), green);
        java.util.Arrays.fill(flat.plane(2), blue);
        return replaceWith(source, subjectMatte, flat);
    }

    /** The subject over {@code background}, scaled to cover the picture and centred (cropped, never stretched). */
    public static Image replace(Image source, Image subjectMatte, Image background) {
        check(source, subjectMatte);
        return replaceWith(source, subjectMatte, cover(rgb(background), source.width(), source.height()));
    }

    private static Image replaceWith(Image source, Image subjectMatte, Image newBackground) {
        Image rgb = rgb(source);
        int w = rgb.width();
        int h = rgb.height();
        float[][] linear = linear(rgb);
        float[] m = subjectMatte.plane(0);
        float[][] subject = subjectColour(linear, m, w, h);
        float[][] fresh = linear(newBackground);
        Image out = Image.create(w, h, 3);
        Kernels.forEach(0, h, y -> {
            for (int i = y * w; i < (y + 1) * w; i++) {
                float a = Math.clamp(m[i], 0f, 1f);
                for (int c = 0; c < 3; c++) {
                    out.plane(c)[i] = Srgb.toEncodedFast(a * subject[c][i] + (1 - a) * fresh[c][i]);
                }
            }
        });
        return out;
    }

    /** F of the class comment, per linear channel: {@link Matting#estimate} where m is soft, the source elsewhere. */
    private static float[][] subjectColour(float[][] linear, float[] m, int w, int h) {
        float[] interleaved = new float[w * h * 3];
        float[] a = new float[w * h];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.clamp(m[i], 0f, 1f);
            for (int c = 0; c < 3; c++) {
                interleaved[i * 3 + c] = linear[c][i];
            }
        }
        float[] f = Matting.estimate(interleaved, a, w, h);
        float[][] out = new float[3][w * h];
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < 3; c++) {
                out[c][i] = a[i] >= 1f ? linear[c][i] : f[i * 3 + c];
            }
        }
        return out;
    }

    private static Image composite(float[][] linear, float[] m, float[][] background, int w, int h) {
        Image out = Image.create(w, h, 3);
        Kernels.forEach(0, h, y -> {
            for (int i = y * w; i < (y + 1) * w; i++) {
                float a = Math.clamp(m[i], 0f, 1f);
                for (int c = 0; c < 3; c++) {
                    out.plane(c)[i] = Srgb.toEncodedFast(a * linear[c][i] + (1 - a) * background[c][i]);
                }
            }
        });
        return out;
    }

    /**
     * The normalised disc convolution of the background (see the class comment), per linear channel. Where no
     * background pixel lies under the disc (deep inside the subject) the source value is returned; the subject
     * covers it anyway.
     */
    static float[][] backgroundEstimate(float[][] linear, float[] m, int w, int h, double radius) {
        float[] weight = new float[w * h];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = Math.clamp(1 - 10 * m[i], 0f, 1f);
        }
        return normalisedDisc(linear, weight, w, h, radius);
    }

    /** {@code K∗(v·weight) / K∗weight} per channel with a disc K; where the weight is all zero, {@code v} itself. */
    static float[][] normalisedDisc(float[][] linear, float[] weight, int w, int h, double radius) {
        int factor = Math.max(1, (int) Math.ceil(radius / WORKING_RADIUS));
        int sw = (w + factor - 1) / factor;
        int sh = (h + factor - 1) / factor;
        int r = Math.max(1, (int) Math.round(radius / factor));
        float[] smallWeight = Disc.blur(Disc.shrink(weight, null, w, h, factor), sw, sh, r);
        float[][] out = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] smallNum = Disc.blur(Disc.shrink(linear[c], weight, w, h, factor), sw, sh, r);
            float[] estimate = new float[sw * sh];
            for (int i = 0; i < estimate.length; i++) {
                estimate[i] = smallWeight[i] > 1e-4f ? smallNum[i] / smallWeight[i] : -1f;
            }
            float[] full = Disc.enlarge(estimate, sw, sh, w, h, factor);
            for (int i = 0; i < full.length; i++) {
                if (full[i] < 0) {
                    full[i] = linear[c][i];
                }
            }
            out[c] = full;
        }
        return out;
    }

    private static Image cover(Image bg, int w, int h) {
        double scale = Math.max((double) w / bg.width(), (double) h / bg.height());
        int sw = Math.max(w, (int) Math.ceil(bg.width() * scale));
        int sh = Math.max(h, (int) Math.ceil(bg.height() * scale));
        Image scaled = Resample.resize(bg, sw, sh, Resample.Kernel.LANCZOS3);
        int x0 = (sw - w) / 2;
        int y0 = (sh - h) / 2;
        Image out = Image.create(w, h, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(scaled.plane(c), (y + y0) * sw + x0, out.plane(c), y * w, w);
            }
        }
        return out;
    }

    private static Image rgb(Image img) {
        if (img.channels() == 1) {
            return Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0), img.plane(0));
        }
        return img.withoutAlpha();
    }

    private static float[][] linear(Image rgb) {
        float[][] out = new float[3][];
        for (int c = 0; c < 3; c++) {
            out[c] = Srgb.toLinear(rgb.plane(c));
        }
        return out;
    }

    private static void check(Image source, Image matte) {
        if (matte.width() != source.width() || matte.height() != source.height()) {
            throw new ImagingException(ImagingError.SIZE_MISMATCH, "matte is " + matte.width() + "x" + matte.height()
                    + " but the picture is " + source.width() + "x" + source.height());
        }
        if (matte.channels() != 1) {
            throw new IllegalArgumentException("matte must have 1 channel, got " + matte.channels());
        }
    }
}
