package dev.atelier.client;

import java.util.List;

/**
 * AI Image Generator V1 ({@code text-to-image}): a prompt drawn in a template's style, 1024 px on the long side.
 * On v2 name a {@link #template(String)} ({@link Effects#templates()} lists them); the legacy family names a style
 * group and style instead ({@link #style(long, long)}).
 */
public final class TextToImage extends EffectCall<TextToImage> {
    TextToImage(AtelierClient client, String prompt) {
        super(client, "text-to-image");
        params.put("prompt", GeneratorText.prompt(prompt, 500));
    }

    @Override
    TextToImage self() {
        return this;
    }

    /** The template, e.g. {@code watercolor} (v2). */
    public TextToImage template(String templateId) {
        params.put("template_id", GeneratorText.required(templateId, "templateId"));
        return this;
    }

    /** The legacy style group and one of its styles (legacy family; ids are 64-bit). */
    public TextToImage style(long styleGroupId, long styleId) {
        params.put("style_group_id", styleGroupId);
        params.put("style_ids", List.of(styleId));
        return this;
    }

    /** What to keep out of the picture (at most 500 characters). */
    public TextToImage negativePrompt(String text) {
        params.put("negative_prompt", GeneratorText.prompt(text, 500));
        return this;
    }

    /** A seed for repeatable results, 0..4294967295. */
    public TextToImage seed(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be within 0..4294967295, got " + seed);
        }
        params.put("seed", List.of(seed));
        return this;
    }

    /** The aspect ratio, each side 1..100 and between 1:4 and 4:1 (e.g. 3, 4). */
    public TextToImage ratio(int width, int height) {
        params.put("width_ratio", width);
        params.put("height_ratio", height);
        return this;
    }

    @Override
    void check() {
        if (!params.containsKey("template_id") && !params.containsKey("style_group_id")) {
            throw new IllegalStateException("text-to-image needs template(id) (v2) or style(groupId, styleId) "
                    + "(legacy)");
        }
    }
}
