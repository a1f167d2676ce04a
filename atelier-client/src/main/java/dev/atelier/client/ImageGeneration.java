package dev.atelier.client;

/**
 * {@code POST /v1/images/generations}: {@code client.images().generate("a fox").model("dall-e-3").run()}. Checks per
 * model (sizes, counts, qualities) happen on the server, which answers {@code invalid_parameter} naming the field.
 */
public final class ImageGeneration extends ImageCall<ImageGeneration> {
    ImageGeneration(AtelierClient client, String prompt) {
        super(client);
        fields.put("prompt", prompt);
    }

    @Override
    ImageGeneration self() {
        return this;
    }

    /** {@code standard}/{@code hd} (dall-e-3) or {@code low}/{@code medium}/{@code high}/{@code auto} (GPT image). */
    public ImageGeneration quality(String quality) {
        return field("quality", quality);
    }

    /** {@code vivid} or {@code natural} (dall-e-3). */
    public ImageGeneration style(String style) {
        return field("style", style);
    }

    /** {@code png}, {@code jpeg} or {@code webp} (GPT image models). */
    public ImageGeneration outputFormat(String format) {
        return field("output_format", format);
    }

    /** {@code transparent}, {@code opaque} or {@code auto} (GPT image models). */
    public ImageGeneration background(String background) {
        return field("background", background);
    }

    /** What to keep out of the picture (providers that support it). */
    public ImageGeneration negativePrompt(String text) {
        return field("negative_prompt", text);
    }

    /** A seed for repeatable results (providers that support it), 0..4294967295. */
    public ImageGeneration seed(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be within 0..4294967295, got " + seed);
        }
        return field("seed", seed);
    }

    /** A picture to change (APIpie's {@code image}): an http(s) or {@code data:} URL. */
    public ImageGeneration image(String url) {
        return field("image", url);
    }

    @Override
    GeneratedImages send() {
        return GeneratedImages.of(client, client.transport().postJson("/v1/images/generations", fields, true,
                Transport.Dialect.OPENAI_RUN));
    }
}
