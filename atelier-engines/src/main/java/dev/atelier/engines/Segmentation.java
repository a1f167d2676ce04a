package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.Map;

/**
 * Foreground segmentation: a soft mask of the photo's subject (salient object or person), the input of {@code sod},
 * {@code bg-blur} and {@code bg-replace}.
 */
public interface Segmentation extends Engine {

    /**
     * Segments {@code source} (1, 3 or 4 channels; alpha is ignored).
     *
     * @return a 1-channel mask at the source's size, 1 = foreground, 0 = background
     * @throws EngineException {@code error_inference} when the engine cannot run or fails
     */
    Result segment(Image source, Progress progress);

    /**
     * @param mask 1 channel, the source's width and height, values in [0, 1]
     * @param metadata how it was computed, for the task's result metadata: at least {@code engine}, {@code model},
     *     {@code device} ({@code cpu}/{@code cuda}), and {@code device_note} when the device is not the one asked for
     */
    record Result(Image mask, Map<String, String> metadata) {
        public Result {
            if (mask.channels() != 1) {
                throw new IllegalArgumentException("a mask has 1 channel, got " + mask.channels());
            }
            metadata = Map.copyOf(metadata);
        }
    }
}
