package dev.atelier.engines;

import dev.atelier.engines.PlaneResample;
import dev.atelier.imaging.Image;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Face parsing: a label per pixel from the 19 CelebAMask-HQ classes (skin, brows, eyes, nose, lips, hair, ...), the
 * regions the hair, makeup and face-swap effects edit. Works best on a face crop (a detected face box with margin),
 * where the face fills most of the picture, as in the training data.
 */
public interface FaceParsing extends Engine {

    /**
     * Parses {@code face} (1, 3 or 4 channels; alpha is ignored).
     *
     * @throws EngineException {@code error_inference} when the engine cannot run or fails
     */
    Result parse(Image face, Progress progress);

    /** The CelebAMask-HQ classes in the models' output order; left and right are the subject's own. */
    enum Region {
        BACKGROUND,
        SKIN,
        LEFT_BROW,
        RIGHT_BROW,
        LEFT_EYE,
        RIGHT_EYE,
        EYEGLASSES,
        LEFT_EAR,
        RIGHT_EAR,
        EARRING,
        NOSE,
        MOUTH,
        UPPER_LIP,
        LOWER_LIP,
        NECK,
        NECKLACE,
        CLOTH,
        HAIR,
        HAT;

        /** Both brows. */
        public static final Set<Region> BROWS = EnumSet.of(LEFT_BROW, RIGHT_BROW);
        /** Both eyes. */
        public static final Set<Region> EYES = EnumSet.of(LEFT_EYE, RIGHT_EYE);
        /** Both lips and the mouth between them. */
        public static final Set<Region> LIPS = EnumSet.of(UPPER_LIP, LOWER_LIP, MOUTH);
    }

    /**
     * The parsed labels at the model's resolution, with the size of the picture they cover.
     *
     * @param labels one {@link Region} ordinal per pixel, row-major, {@code labelWidth × labelHeight}
     * @param metadata as in {@link Segmentation.Result#metadata()}
     */
    record Result(int width, int height, int labelWidth, int labelHeight, byte[] labels,
            Map<String, String> metadata) {
        public Result {
            Objects.requireNonNull(labels, "labels");
            if (labels.length != labelWidth * labelHeight) {
                throw new IllegalArgumentException("labels has " + labels.length + " entries for a " + labelWidth
                        + "x" + labelHeight + " grid");
            }
            metadata = Map.copyOf(metadata);
        }

        /** The region at label-grid coordinates. */
        public Region regionAt(int lx, int ly) {
            return Region.values()[labels[ly * labelWidth + lx]];
        }

        /** The share of the label grid each region covers, for regions present. */
        public Map<Region, Double> coverage() {
            int[] counts = new int[Region.values().length];
            for (byte l : labels) {
                counts[l]++;
            }
            Map<Region, Double> out = new java.util.EnumMap<>(Region.class);
            for (Region r : Region.values()) {
                if (counts[r.ordinal()] > 0) {
                    out.put(r, counts[r.ordinal()] / (double) labels.length);
                }
            }
            return out;
        }

        /**
         * A soft mask of the union of {@code regions} at the parsed picture's size: 1 inside, 0 outside, the label
         * edges smoothed by the bilinear enlargement from the label grid.
         */
        public Image mask(Set<Region> regions) {
            float[] grid = new float[labels.length];
            boolean[] wanted = new boolean[Region.values().length];
            regions.forEach(r -> wanted[r.ordinal()] = true);
            for (int i = 0; i < grid.length; i++) {
                grid[i] = wanted[labels[i]] ? 1f : 0f;
            }
            float[] full = PlaneResample.bilinear(grid, labelWidth, labelHeight, width,
                    height);
            return Image.wrap(width, height, full);
        }

        /** {@link #mask(Set)} of one region. */
        public Image mask(Region region) {
            return mask(EnumSet.of(region));
        }
    }
}
