package dev.atelier.client;

import tools.jackson.databind.JsonNode;

/**
 * What an OpenAI-compatible images request cost and took.
 *
 * @param cost         US dollars from the provider's price table, or null when unknown (local engines, no price)
 * @param latencyMs    queue plus run time on the server, in milliseconds
 * @param imageSize    the delivered size, e.g. {@code 1024x1024}
 * @param modelUsed    the model that made the images, or null
 * @param provider     the provider, or null
 * @param inputTokens  the provider's input tokens (GPT image models), or null
 * @param outputTokens the provider's output tokens, or null
 * @param totalTokens  their sum, or null
 */
public record ImageUsage(Double cost, long latencyMs, String imageSize, String modelUsed, String provider,
        Long inputTokens, Long outputTokens, Long totalTokens) {

    static ImageUsage of(JsonNode u) {
        return new ImageUsage(Json.decimal(u, "cost"), u.path("latency_ms").asLong(0), Json.text(u, "image_size"),
                Json.text(u, "model_used"), Json.text(u, "provider"), Json.integer(u, "input_tokens"),
                Json.integer(u, "output_tokens"), Json.integer(u, "total_tokens"));
    }
}
