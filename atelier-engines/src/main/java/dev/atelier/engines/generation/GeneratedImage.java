package dev.atelier.engines.generation;

import java.util.Objects;

/**
 * One produced picture: always the encoded bytes (images an upstream only returns as URLs have been fetched), plus
 * where they came from and the prompt the provider actually used when it rewrote ours.
 *
 * @param image the encoded picture
 * @param sourceUrl the upstream URL it was fetched from, or {@code null} when it came inline
 * @param revisedPrompt the provider's rewritten prompt (dall-e-3), or {@code null}
 */
public record GeneratedImage(EncodedImage image, String sourceUrl, String revisedPrompt) {
    public GeneratedImage {
        Objects.requireNonNull(image, "image");
    }

    public byte[] data() {
        return image.data();
    }

    public String mimeType() {
        return image.mimeType();
    }
}
