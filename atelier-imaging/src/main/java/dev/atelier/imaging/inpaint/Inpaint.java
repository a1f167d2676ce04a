package dev.atelier.imaging.inpaint;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Exemplar-based inpainting: the region under a white mask is rebuilt from 7×7 patches of the rest of the picture.
 *
 * <p>Method (Wexler, Shechtman and Irani 2007, with Barnes et al.'s PatchMatch search — the "content-aware fill"
 * recipe):
 * <ol>
 *   <li>Work on a crop around the hole (its bounding box grown by its own size on every side): the content worth
 *       copying is nearby, and the cost no longer depends on the picture size.</li>
 *   <li>Build a pyramid by halving until the hole is only a few patches thick. At the coarsest level, fill the hole
 *       by diffusion from its border as a first guess.</li>
 *   <li>At each level, coarse to fine, alternate (expectation–maximisation): find for every patch touching the
 *       hole its most similar fully-known patch ({@link PatchMatch}); then set every hole pixel to the weighted
 *       vote of the pixels those matches propose. Patches straddling the border include known pixels, so the fill
 *       continues the surrounding structure and the seam is invisible.</li>
 *   <li>Going to the next finer level, the matches are scaled by two and re-voted at full detail.</li>
 * </ol>
 * Known pixels are never modified. Work is parallel over image bands; results are deterministic for a seed.
 */
public final class Inpaint {
    /** Patch radius: 7×7 patches, the usual compromise between structure capture and speed. */
    static final int RADIUS = 3;
    /** The seed of {@link #inpaint(Image, Image)}. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    private Inpaint() {}

    /** {@link #inpaint(Image, Image, long)} with a fixed seed. */
    public static Image inpaint(Image source, Image mask) {
        return inpaint(source, mask, DEFAULT_SEED);
    }

    /**
     * A copy of {@code source} with the pixels where {@code mask} (1 channel) is above 0.5 synthesised from the rest.
     *
     * @throws ImagingException SIZE_MISMATCH when the mask's size differs from the source's
     * @throws IllegalArgumentException when the mask has more than one channel or leaves no intact patch to copy
     */
    public static Image inpaint(Image source, Image mask, long seed) {
        return inpaint(source, mask, null, seed);
    }

    /**
     * {@link #inpaint(Image, Image, long)} that never copies from where {@code avoid} (1 channel, or null) is above
     * 0.5: regions such as faces, whose copy in the fill would read as a second face. When avoiding them leaves no
     * patch to copy, they are allowed again.
     */
    public static Image inpaint(Image source, Image mask, Image avoid, long seed) {
        if (avoid != null && (avoid.width() != source.width() || avoid.height() != source.height()
                || avoid.channels() != 1)) {
            throw new IllegalArgumentException("the region to avoid must be 1 channel at the picture's size");
        }
        if (mask.width() != source.width() || mask.height() != source.height()) {
            throw new ImagingException(ImagingError.SIZE_MISMATCH, "mask is " + mask.width() + "x" + mask.height()
                    + " but the picture is " + source.width() + "x" + source.height());
        }
        if (mask.channels() != 1) {
            throw new IllegalArgumentException("mask must have 1 channel, got " + mask.channels());
        }
        int w = source.width();
        int h = source.height();
        float[] m = mask.plane(0);
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x] > 0.5f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        Image result = source.copy();
        if (maxX < 0) {
            return result;
        }
        int margin = Math.max(4 * RADIUS + 8, Math.max(maxX - minX + 1, maxY - minY + 1));
        int cx0 = Math.max(0, minX - margin);
        int cy0 = Math.max(0, minY - margin);
        int cx1 = Math.min(w, maxX + margin + 1);
        int cy1 = Math.min(h, maxY + margin + 1);
        Level finest = crop(source, m, avoid == null ? null : avoid.plane(0), cx0, cy0, cx1 - cx0, cy1 - cy0);
        if (finest.sources.length == 0 && avoid != null) {
            finest = crop(source, m, null, cx0, cy0, cx1 - cx0, cy1 - cy0);
        }
        if (finest.sources.length == 0) {
            throw new IllegalArgumentException("the mask leaves no intact " + (2 * RADIUS + 1) + "x" + (2 * RADIUS + 1)
                    + " patch to copy from");
        }
        synthesise(finest, seed);
        // Paste the synthesised hole pixels back.
        int cw = finest.width;
        int ch = source.channels();
        for (int y = cy0; y < cy1; y++) {
            for (int x = cx0; x < cx1; x++) {
                if (m[y * w + x] > 0.5f) {
                    int i = (y - cy0) * cw + (x - cx0);
                    for (int c = 0; c < ch; c++) {
                        result.plane(c)[y * w + x] = Math.clamp(finest.pixels[i * ch + c], 0f, 1f);
                    }
                }
            }
        }
        return result;
    }

    private static Level crop(Image source, float[] mask, float[] avoid, int x0, int y0, int cw, int chh) {
        int ch = source.channels();
        float[] px = new float[cw * chh * ch];
        boolean[] hole = new boolean[cw * chh];
        boolean[] avoided = avoid == null ? null : new boolean[cw * chh];
        for (int y = 0; y < chh; y++) {
            for (int x = 0; x < cw; x++) {
                int s = (y + y0) * source.width() + x + x0;
                int d = y * cw + x;
                hole[d] = mask[s] > 0.5f;
                if (avoided != null) {
                    avoided[d] = avoid[s] > 0.5f;
                }
                for (int c = 0; c < ch; c++) {
                    px[d * ch + c] = source.plane(c)[s];
                }
            }
        }
        return new Level(cw, chh, ch, RADIUS, px, hole, avoided);
    }

    /** Coarse-to-fine expectation–maximisation over the pyramid (see the class comment). */
    static void synthesise(Level finest, long seed) {
        List<Level> pyramid = new ArrayList<>();
        pyramid.add(finest);
        Level level = finest;
        while (level.holeThickness() > 2 * RADIUS && Math.min(level.width, level.height) >= 8 * RADIUS) {
            Level half = level.half();
            if (half.sources.length < 32 || !half.hasHole()) {
                break;
            }
            pyramid.add(half);
            level = half;
        }
        PatchMatch previous = null;
        int levels = pyramid.size();
        for (int l = levels - 1; l >= 0; l--) {
            Level current = pyramid.get(l);
            PatchMatch nnf = new PatchMatch(current);
            long levelSeed = seed * 7919 + l;
            if (previous == null) {
                current.fillByDiffusion();
                nnf.randomise(levelSeed);
            } else {
                nnf.upsampleFrom(previous, levelSeed);
                nnf.vote(); // first estimate at this resolution: inherited matches, equal weights
            }
            // More EM rounds where they are cheap (coarse) and where the structure is decided.
            int rounds = l == 0 ? 2 : Math.min(6, 2 + (levels - 1 - l == 0 ? 4 : 2));
            for (int round = 0; round < rounds; round++) {
                nnf.improve(3, levelSeed * 31 + round);
                nnf.vote();
            }
            previous = nnf;
        }
    }
}
