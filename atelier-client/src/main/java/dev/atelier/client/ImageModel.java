package dev.atelier.client;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An image model the server's providers offer ({@code GET /v1/models}), with what it can do.
 *
 * @param id           the model id to pass to {@link ImageCall#model(String)}
 * @param created      when the server first listed it
 * @param ownedBy      the first provider offering it
 * @param providers    every provider offering it
 * @param operations   {@code text-to-image}, {@code image-to-image}, {@code masked-edit}
 * @param capabilities limits of its requests
 */
public record ImageModel(String id, Instant created, String ownedBy, List<String> providers, List<String> operations,
        Capabilities capabilities) {

    /**
     * What a model accepts.
     *
     * @param generations     whether it generates from text
     * @param edits           whether it edits
     * @param variations      whether it makes variations
     * @param maxN            the most images per request
     * @param sizes           sizes it accepts (empty: any within the server's bounds)
     * @param qualities       qualities it accepts
     * @param styles          styles it accepts
     * @param responseFormats {@code url}, {@code b64_json}
     * @param maxPromptChars  the longest prompt, or 0 when not stated
     * @param maxEditImages   the most images per edit, or 0 when not stated
     */
    public record Capabilities(boolean generations, boolean edits, boolean variations, int maxN, List<String> sizes,
            List<String> qualities, List<String> styles, List<String> responseFormats, int maxPromptChars,
            int maxEditImages) {}

    static ImageModel of(JsonNode m) {
        JsonNode c = m.path("capabilities");
        return new ImageModel(Json.text(m, "id"), Instant.ofEpochSecond(m.path("created").asLong(0)),
                Json.text(m, "owned_by"), Json.strings(m, "providers"), Json.strings(m, "operations"),
                new Capabilities(c.path("generations").asBoolean(false), c.path("edits").asBoolean(false),
                        c.path("variations").asBoolean(false), c.path("max_n").asInt(0), Json.strings(c, "sizes"),
                        Json.strings(c, "qualities"), Json.strings(c, "styles"), Json.strings(c, "response_formats"),
                        c.path("max_prompt_chars").asInt(0), c.path("max_edit_images").asInt(0)));
    }
}
