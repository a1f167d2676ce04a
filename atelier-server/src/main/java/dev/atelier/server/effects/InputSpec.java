package dev.atelier.server.effects;

/**
 * What an effect accepts, checked before any engine runs (CONTRACTS D.7).
 *
 * @param sources      how many source images (min..max)
 * @param refs         how many reference images
 * @param masks        how many masks (same size as the source)
 * @param maxLongSide  longest side allowed, in pixels ({@code error_exceed_max_image_size} beyond)
 * @param minShortSide shortest side required ({@code error_below_min_image_size} below)
 */
public record InputSpec(Range sources, Range refs, Range masks, int maxLongSide, int minShortSide) {
    /** An inclusive count range. */
    public record Range(int min, int max) {
        public static final Range NONE = new Range(0, 0);

        public static Range exactly(int n) {
            return new Range(n, n);
        }

        public boolean contains(int n) {
            return n >= min && n <= max;
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + ".." + max;
        }
    }

    /** One source image. */
    public static InputSpec oneSource(int maxLongSide, int minShortSide) {
        return new InputSpec(Range.exactly(1), Range.NONE, Range.NONE, maxLongSide, minShortSide);
    }

    /** One source image and one mask of the same size. */
    public static InputSpec sourceAndMask(int maxLongSide, int minShortSide) {
        return new InputSpec(Range.exactly(1), Range.NONE, Range.exactly(1), maxLongSide, minShortSide);
    }
}
