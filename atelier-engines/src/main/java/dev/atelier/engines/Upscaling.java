package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.Map;

/** Photo enhancement with an integer scale factor (1 = same size, cleaned up; 2 and 4 = super-resolution). */
public interface Upscaling extends Engine {
    Image enhance(Image source, int scale, Progress progress);

    /**
     * {@link #enhance} with how it was computed, for the task's result metadata; engines that know more than their
     * id (model, device, tiles, inference time) override it.
     */
    default ImageResult upscale(Image source, int scale, Progress progress) {
        return new ImageResult(enhance(source, scale, progress), Map.of());
    }

    /**
     * {@link #upscale} for a caller that gives {@code source} up: an engine may write the result into its planes
     * (the classical ×1 does, saving a whole copy of the picture). By default the same as {@link #upscale}.
     */
    default ImageResult upscaleConsuming(Image source, int scale, Progress progress) {
        return upscale(source, scale, progress);
    }

    /**
     * How many pictures a caller that could run several at once (video frames) should hand this engine at a time for
     * {@code scale}: every core for a pure-Java engine; one for a model, which already uses the cores inside one
     * picture and holds a whole set of activations per picture in flight (two 480p frames at once through a ×4 model
     * peaked at 4.7 GiB, bench/README.md).
     */
    default int picturesAtOnce(int scale) {
        return kind() == EngineKind.CLASSICAL ? Runtime.getRuntime().availableProcessors() : 1;
    }
}
