package dev.atelier.client;

import java.util.List;

/**
 * AI Image Generator V2 image to image ({@code image-to-image/youcam}, model {@code youcam-image-v2}): one to three
 * source pictures (each side 384..3072 px) changed by a prompt. By default about 1024² pixels with the aspect of the
 * last source; {@link #size(int, int)} picks another (each side 512..2048, rounded to multiples of 16). Only on the v2
 * routes, which a legacy client uses for it.
 */
public final class ImageToImage extends EffectCall<ImageToImage> {
    ImageToImage(AtelierClient client, String prompt, List<Input> images) {
        super(client, "image-to-image/youcam");
        if (images.isEmpty() || images.size() > 3) {
            throw new IllegalArgumentException("image to image takes 1 to 3 source pictures, got " + images.size());
        }
        sources.addAll(images);
        params.put("model", "youcam-image-v2");
        params.put("prompt", GeneratorText.prompt(prompt, 800));
    }

    @Override
    ImageToImage self() {
        return this;
    }

    @Override
    boolean v2Only() {
        return true;
    }

    /** The output size in pixels. */
    public ImageToImage size(int width, int height) {
        params.put("size", width + "*" + height);
        return this;
    }

    /** What to keep out of the picture (at most 500 characters). */
    public ImageToImage negativePrompt(String text) {
        params.put("negative_prompt", GeneratorText.prompt(text, 500));
        return this;
    }

    /** Whether the server may enrich the prompt (default true). */
    public ImageToImage promptExtend(boolean extend) {
        params.put("prompt_extend", extend);
        return this;
    }
}
