package dev.atelier.server.effects;

import dev.atelier.imaging.Image;
import java.util.List;
import java.util.Map;

/**
 * What an effect produced: images (each with extra fields for its status entry) and metadata about how (engine,
 * model, device, any fallback taken), which the task result shows so nothing happens silently.
 */
public record EffectOutput(List<Item> items, Map<String, Object> metadata) {
    public record Item(Image image, Map<String, Object> extras) {}

    public static EffectOutput single(Image image, Map<String, Object> metadata) {
        return new EffectOutput(List.of(new Item(image, Map.of())), metadata);
    }
}
