package dev.atelier.imaging.color;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Srgb;

/**
 * CIE L*a*b* (D65) planes of an sRGB picture and back. Lab separates lightness from colour and is roughly
 * perceptually uniform, which is what colour statistics transfer between two faces needs: moving the mean and
 * spread of a* and b* changes hue and saturation without touching shading.
 */
public final class Lab {
    private static final double XN = 0.95047;
    private static final double ZN = 1.08883;
    private static final double EPSILON = 216.0 / 24389;
    private static final double KAPPA = 24389.0 / 27;

    private Lab() {}

    /** Three planes: L in [0, 100], a and b roughly in [−128, 127]. Alpha is ignored; grey is read as R = G = B. */
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
            double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / XN;
            double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
            double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / ZN;
            double fx = f(x);
            double fy = f(y);
            double fz = f(z);
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
            double fx = fy + lab[1][i] / 500;
            double fz = fy - lab[2][i] / 200;
            double x = finv(fx) * XN;
            double y = lab[0][i] > KAPPA * EPSILON ? fy * fy * fy : lab[0][i] / KAPPA;
            double z = finv(fz) * ZN;
            double rl = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
            double gl = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
            double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
            r[i] = Srgb.toEncoded((float) Math.clamp(rl, 0, 1));
            g[i] = Srgb.toEncoded((float) Math.clamp(gl, 0, 1));
            b[i] = Srgb.toEncoded((float) Math.clamp(bl, 0, 1));
        }
        return out;
    }

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    private static double finv(double t) {
        double t3 = t * t * t;
        return t3 > EPSILON ? t3 : (116 * t - 16) / KAPPA;
    }
}
