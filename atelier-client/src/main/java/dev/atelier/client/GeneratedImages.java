package dev.atelier.client;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The answer of an OpenAI-compatible images request: the images, what the request cost and took
 * ({@link #usage()}), and the provider that served it.
 */
public final class GeneratedImages {
    /**
     * One image of the answer: a signed URL or the Base64 bytes, and the prompt the model actually used when it
     * rewrote it (dall-e-3).
     */
    public static final class Image {
        private final AtelierClient client;
        private final String url;
        private final String b64Json;
        private final String revisedPrompt;

        Image(AtelierClient client, String url, String b64Json, String revisedPrompt) {
            this.client = client;
            this.url = url;
            this.b64Json = b64Json;
            this.revisedPrompt = revisedPrompt;
        }

        /** The signed URL (valid an hour on Atelier), or null when the answer carried the bytes. */
        public String url() {
            return url;
        }

        /** The Base64 bytes, or null when the answer carried a URL. */
        public String b64Json() {
            return b64Json;
        }

        /** The rewritten prompt, or null. */
        public String revisedPrompt() {
            return revisedPrompt;
        }

        /** The image's bytes: decoded from Base64, or downloaded from the URL (with the client's retry policy). */
        public byte[] bytes() {
            if (b64Json != null) {
                return Base64.getDecoder().decode(b64Json);
            }
            if (url == null) {
                throw new IllegalStateException("the image has neither a url nor b64_json");
            }
            return client.download(url);
        }

        /**
         * Writes the image to {@code target} (whole or not at all) and returns it.
         *
         * @throws UncheckedIOException when the file cannot be written
         */
        public Path saveTo(Path target) {
            return AtomicWrite.write(target, bytes());
        }
    }

    private final Instant created;
    private final List<Image> images;
    private final ImageUsage usage;
    private final String provider;
    private final String outputFormat;
    private final String size;

    private GeneratedImages(Instant created, List<Image> images, ImageUsage usage, String provider,
            String outputFormat, String size) {
        this.created = created;
        this.images = List.copyOf(images);
        this.usage = usage;
        this.provider = provider;
        this.outputFormat = outputFormat;
        this.size = size;
    }

    static GeneratedImages of(AtelierClient client, JsonNode body) {
        List<Image> images = new ArrayList<>();
        for (JsonNode d : body.path("data")) {
            images.add(new Image(client, Json.text(d, "url"), Json.text(d, "b64_json"),
                    Json.text(d, "revised_prompt")));
        }
        return new GeneratedImages(Instant.ofEpochSecond(body.path("created").asLong(0)), images,
                ImageUsage.of(body.path("usage")), Json.text(body, "provider"), Json.text(body, "output_format"),
                Json.text(body, "size"));
    }

    /** When the server made them. */
    public Instant created() {
        return created;
    }

    /** The images, in order. */
    public List<Image> images() {
        return images;
    }

    /**
     * The first image.
     *
     * @throws IllegalStateException when the answer had none
     */
    public Image first() {
        if (images.isEmpty()) {
            throw new IllegalStateException("the answer has no images");
        }
        return images.getFirst();
    }

    /** Cost, latency, size and model of the request. */
    public ImageUsage usage() {
        return usage;
    }

    /** The provider that served the request, or null when the server did not say. */
    public String provider() {
        return provider;
    }

    /** The images' format ({@code png}, {@code jpeg}, {@code webp}) when the server stated it, else null. */
    public String outputFormat() {
        return outputFormat;
    }

    /** The delivered size ({@code WxH}) when the server stated it, else null. */
    public String size() {
        return size;
    }

    @Override
    public String toString() {
        return "GeneratedImages[" + images.size() + " by " + provider + ", " + usage + "]";
    }
}
