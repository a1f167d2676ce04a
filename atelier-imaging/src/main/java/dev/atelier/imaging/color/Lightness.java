package dev.atelier.imaging.color;

/** CIE L* (as a fraction 0..1) from and to linear-light luminance Y; perceptually uniform lightness. */
final class Lightness {
    private static final double EPSILON = 216.0 / 24389;
    private static final double KAPPA = 24389.0 / 27;

    private Lightness() {}

    static float fromLuminance(double y) {
        double l = y > EPSILON ? 116 * Math.cbrt(y) - 16 : KAPPA * y;
        return (float) (l / 100);
    }

    static double toLuminance(double lightness) {
        double l = lightness * 100;
        if (l > KAPPA * EPSILON) {
            double f = (l + 16) / 116;
            return f * f * f;
        }
        return l / KAPPA;
    }
}
