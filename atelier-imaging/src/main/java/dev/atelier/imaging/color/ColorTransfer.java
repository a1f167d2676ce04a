package dev.atelier.imaging.color;

/**
 * Reinhard-style colour statistics transfer in Lab: inside a region, each channel of a target is shifted and
 * scaled so its mean and standard deviation become a reference region's. Working on the statistics (not on pixels)
 * keeps the target's own detail — pores, shading, highlights — while its colour takes the reference's.
 */
public final class ColorTransfer {
    private ColorTransfer() {}

    /** Mean and standard deviation of one channel over a weighted region. */
    public record Stats(double mean, double std, double weight) {}

    /** Statistics of {@code plane} weighted by {@code weights} (e.g. a feathered mask); zero weight is ignored. */
    public static Stats stats(float[] plane, float[] weights) {
        double sw = 0;
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < plane.length; i++) {
            double w = weights[i];
            if (w > 0) {
                sw += w;
                s += w * plane[i];
                s2 += w * plane[i] * plane[i];
            }
        }
        if (sw == 0) {
            return new Stats(0, 0, 0);
        }
        double mean = s / sw;
        return new Stats(mean, Math.sqrt(Math.max(0, s2 / sw - mean * mean)), sw);
    }

    /**
     * Moves {@code plane} (in place) towards the reference statistics where {@code weights} is positive, by
     * {@code weights[i] × strength}: {@code v' = (v − μt)·k + μr} with {@code k = σr/σt} bounded to
     * [{@code 1/maxGain}, {@code maxGain}] so a flat region is not blown up into noise.
     */
    public static void apply(float[] plane, float[] weights, Stats target, Stats reference, double strength,
            double maxGain) {
        if (target.weight() == 0 || reference.weight() == 0) {
            return;
        }
        double k = target.std() < 1e-6 ? 1 : Math.clamp(reference.std() / target.std(), 1 / maxGain, maxGain);
        for (int i = 0; i < plane.length; i++) {
            double w = weights[i] * strength;
            if (w > 0) {
                double moved = (plane[i] - target.mean()) * k + reference.mean();
                plane[i] = (float) (plane[i] + w * (moved - plane[i]));
            }
        }
    }
}
