package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.Map;

/** Fills a masked region so it blends with its surroundings (object removal). */
public interface Inpainting extends Engine {
    /**
     * @param mask 1 channel at the source's size; values above 0.5 mark the region to fill
     * @return the source with the region filled, same size and channels
     */
    Image inpaint(Image source, Image mask, Progress progress);

    /** {@link #inpaint} with how it was computed, for the task's result metadata (see {@link Upscaling#upscale}). */
    default ImageResult fill(Image source, Image mask, Progress progress) {
        return new ImageResult(inpaint(source, mask, progress), Map.of());
    }
}
