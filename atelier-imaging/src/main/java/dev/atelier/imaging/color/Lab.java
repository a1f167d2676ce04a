package dev.atelier.imaging.color;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Srgb;

/**
 * CIE L*a*b* (D65 white, the sRGB primaries): L in [0, 100], a and b roughly in [−128, 127], the scale OpenCV's float
 * conversion and the colorization models trained with it use. Lab separates lightness from colour and is roughly
 * perceptually uniform: moving the mean and spread of a* and b* changes hue and saturation without touching shading.
 * Single samples (exact, for model pre- and post-processing) and whole planes (for colour statistics transfer).
 */
public final class Lab {
    private static final double XN = 0.950456;
    private static final double ZN = 1.088754;
    private static final double EPS = 216.0 / 24389;
    private static final double KAPPA = 24389.0 / 27;

    private Lab() {}

    /** L* of an sRGB-encoded colour (its lightness; depends on the luminance only). */
    public static double lightness(double r, double g, double b) {
        double y = 0.2126729 * Srgb.toLinearExact(r) + 0.7151522 * Srgb.toLinearExact(g)
                + 0.0721750 * Srgb.toLinearExact(b);
        return 116 * f(y) - 16;
    }

    /** The sRGB-encoded grey (r = g = b) with lightness {@code l}: Lab(l, 0, 0) as RGB. */
    public static double grey(double l) {
        return Math.clamp(Srgb.toEncodedExact(fInverse((l + 16) / 116)), 0, 1);
    }

    /** Lab to sRGB-encoded RGB, clamped to [0, 1], written into {@code out[0..2]}. */
    public static void toSrgb(double l, double a, double b, double[] out) {
        double fy = (l + 16) / 116;
        double x = XN * fInverse(fy + a / 500);
        double y = fInverse(fy);
        double z = ZN * fInverse(fy - b / 200);
        out[0] = Math.clamp(Srgb.toEncodedExact(Math.max(0, 3.2404542 * x - 1.5371385 * y - 0.4985314 * z)), 0, 1);
        out[1] = Math.clamp(Srgb.toEncodedExact(Math.max(0, -0.9692660 * x + 1.8760108 * y + 0.0415560 * z)), 0, 1);
        out[2] = Math.clamp(Srgb.toEncodedExact(Math.max(0, 0.0556434 * x - 0.2040259 * y + 1.0572252 * z)), 0, 1);
    }

    /** a* and b* of an sRGB-encoded colour, written into {@code out[0..1]}. */
    public static void chroma(double r, double g, double b, double[] out) {
        double lr = Srgb.toLinearExact(r);
        double lg = Srgb.toLinearExact(g);
        double lb = Srgb.toLinearExact(b);
        double x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / XN;
        double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
        double z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / ZN;
        out[0] = 500 * (f(x) - f(y));
        out[1] = 200 * (f(y) - f(z));
    }

    /** Three planes L, a, b of a picture. Alpha is ignored; grey is read as R = G = B. */
    public static float[][] fromImage(Image image) {
        int n = image.width() * image.height();
        float[] r = image.plane(0);
        float[] g = image.plane(image.channels() >= 3 ? 1 : 0);
        float[] b = image.plane(image.channels() >= 3 ? 2 : 0);
        float[][] lab = new float[3][n];
        for (int i = 0; i < n; i++) {
            double rl = Srgb.toLinear(r[i]);
            double gl = Srgb.toLinear(g[i]);
            double bl = Srgb.toLinear(b[i]);
            double fx = f((0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / XN);
            double fy = f(0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl);
            double fz = f((0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / ZN);
            lab[0][i] = (float) (116 * fy - 16);
            lab[1][i] = (float) (500 * (fx - fy));
            lab[2][i] = (float) (200 * (fy - fz));
        }
        return lab;
    }

    /** An RGB picture of the given size from Lab planes, clamped to the sRGB gamut. */
    public static Image toImage(float[][] lab, int width, int height) {
        Image out = Image.create(width, height, 3);
        float[] r = out.plane(0);
        float[] g = out.plane(1);
        float[] b = out.plane(2);
        for (int i = 0; i < r.length; i++) {
            double fy = (lab[0][i] + 16) / 116;
            double x = XN * fInverse(fy + lab[1][i] / 500);
            double y = fInverse(fy);
            double z = ZN * fInverse(fy - lab[2][i] / 200);
            r[i] = Srgb.toEncoded((float) Math.clamp(3.2404542 * x - 1.5371385 * y - 0.4985314 * z, 0, 1));
            g[i] = Srgb.toEncoded((float) Math.clamp(-0.9692660 * x + 1.8760108 * y + 0.0415560 * z, 0, 1));
            b[i] = Srgb.toEncoded((float) Math.clamp(0.0556434 * x - 0.2040259 * y + 1.0572252 * z, 0, 1));
        }
        return out;
    }

    private static double f(double t) {
        return t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    private static double fInverse(double t) {
        double t3 = t * t * t;
        return t3 > EPS ? t3 : (116 * t - 16) / KAPPA;
    }
}
