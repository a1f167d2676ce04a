package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.Map;

/**
 * A picture an engine made, with how it made it for the task's result metadata.
 *
 * @param metadata as in {@link Segmentation.Result#metadata()}; empty when the engine's id says it all
 */
public record ImageResult(Image image, Map<String, String> metadata) {
    public ImageResult {
        metadata = Map.copyOf(metadata);
    }
}
