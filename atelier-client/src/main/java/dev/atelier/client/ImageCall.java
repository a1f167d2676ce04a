package dev.atelier.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What every OpenAI-compatible images request shares: model, provider, count, size, response format, and the two ways
 * to send it. The server runs the request as a task and answers when it is done, so {@link #run()} is one exchange.
 *
 * @param <S> the concrete call type, returned by the fluent setters
 */
public abstract sealed class ImageCall<S extends ImageCall<S>> permits ImageGeneration, ImageEdit, ImageVariation {
    final AtelierClient client;
    /** Fields of the request as they go on the wire, in the order they were set. */
    final Map<String, Object> fields = new LinkedHashMap<>();

    ImageCall(AtelierClient client) {
        this.client = client;
    }

    abstract S self();

    /** Sends the request; runs on the caller's thread. */
    abstract GeneratedImages send();

    /** The model, e.g. {@code dall-e-3}, {@code gpt-image-1}; omitted, the server's routing chooses. */
    public S model(String model) {
        return field("model", model);
    }

    /** Pins a provider by its configured name instead of letting the server route. */
    public S provider(String provider) {
        return field("provider", provider);
    }

    /** How many images (1..10; dall-e-3 makes one). */
    public S n(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + count);
        }
        return field("n", count);
    }

    /** The size as {@code WIDTHxHEIGHT} (e.g. {@code 1024x1024}) or {@code auto}. */
    public S size(String size) {
        return field("size", size);
    }

    /** The size in pixels. */
    public S size(int width, int height) {
        return size(width + "x" + height);
    }

    /** URLs (signed, valid for an hour on Atelier) or Base64 in the answer; GPT image models always answer Base64. */
    public S responseFormat(ResponseFormat format) {
        return field("response_format", format.wire());
    }

    /** An end-user id for the provider's abuse monitoring. */
    public S user(String user) {
        return field("user", user);
    }

    /**
     * Any other request field (e.g. {@code moderation}, {@code partial_images}), sent as given; values are anything
     * Jackson writes as JSON (in a multipart request, their text).
     */
    public S param(String name, Object value) {
        return field(Objects.requireNonNull(name, "name"), value);
    }

    S field(String name, Object value) {
        if (value == null) {
            fields.remove(name);
        } else {
            fields.put(name, value);
        }
        return self();
    }

    /**
     * Sends the request and returns the images, who made them and what they cost.
     *
     * @throws OpenAiException     when the server refuses it (invalid parameter, unknown model, rate limit, upstream)
     * @throws ConnectionException when the server cannot be reached
     */
    public GeneratedImages run() {
        return send();
    }

    /** {@link #run()} on the client's executor (virtual threads by default). */
    public CompletableFuture<GeneratedImages> runAsync() {
        return CompletableFuture.supplyAsync(this::send, client.executor());
    }
}
