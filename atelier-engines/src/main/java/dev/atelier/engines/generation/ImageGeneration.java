package dev.atelier.engines.generation;

import dev.atelier.engines.Engine;
import dev.atelier.engines.Progress;
import java.util.List;
import java.util.Optional;

/**
 * An image generator: a remote provider or a local pipeline. The three operations share one request type; an
 * engine that does not support an operation for the requested model throws {@link ProviderError} with code
 * {@code INVALID_REQUEST}. Every failure is a {@link ProviderError}; implementations are thread-safe.
 */
public interface ImageGeneration extends Engine {

    /** The provider name routing and clients use ({@code openai}, {@code fal}); defaults to the engine id. */
    default String provider() {
        return id();
    }

    /** The models this engine offers, the first supporting an operation being its default for it. */
    List<ModelInfo> models();

    /** Text to image. */
    GenerationResult generate(GenerationRequest request, Progress progress);

    /** Source image(s) plus text to image; on dall-e-2 an empty prompt asks for a variation of the first source. */
    GenerationResult transform(List<EncodedImage> sources, GenerationRequest request, Progress progress);

    /** Repaints the region of {@code image} where {@code mask} is white, following the prompt. */
    GenerationResult edit(EncodedImage image, EncodedImage mask, GenerationRequest request, Progress progress);

    /** The offered model matching {@code name}, or for {@code null} the default model for the operation. */
    default Optional<ModelInfo> model(String name, GenerationOperation op) {
        return models().stream()
                .filter(m -> m.supports(op))
                .filter(m -> name == null || m.matches(name))
                .findFirst();
    }

    /** Whether this engine can run {@code op} with {@code model} ({@code null} = its default model). */
    default boolean supports(GenerationOperation op, String model) {
        return model(model, op).isPresent();
    }
}
