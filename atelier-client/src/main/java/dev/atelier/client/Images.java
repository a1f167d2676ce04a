package dev.atelier.client;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The OpenAI-compatible images API ({@code /v1/images/...}): generations, edits and variations through the providers
 * the server routes to, each answer with what it cost ({@link ImageUsage}) and who served it.
 *
 * <pre>{@code
 * GeneratedImages r = client.images().generate("a lighthouse at dusk").model("dall-e-3").size("1792x1024").run();
 * r.first().saveTo(Path.of("lighthouse.png"));
 * System.out.println(r.usage().cost() + " USD by " + r.provider());
 * }</pre>
 */
public final class Images {
    private final AtelierClient client;

    Images(AtelierClient client) {
        this.client = client;
    }

    /** A text-to-image generation ({@code POST /v1/images/generations}). */
    public ImageGeneration generate(String prompt) {
        return new ImageGeneration(client, requirePrompt(prompt));
    }

    /** An edit of one or more images by prompt, optionally inside a mask ({@code POST /v1/images/edits}). */
    public ImageEdit edit(String prompt) {
        return new ImageEdit(client, requirePrompt(prompt));
    }

    /** Variations of one square PNG ({@code POST /v1/images/variations}, dall-e-2 style). */
    public ImageVariation variation(Input image) {
        return new ImageVariation(client, Objects.requireNonNull(image, "image"));
    }

    /** Variations of a local square PNG. */
    public ImageVariation variation(Path image) {
        return variation(Input.of(image));
    }

    private static String requirePrompt(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        return prompt;
    }
}
