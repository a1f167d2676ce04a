package dev.atelier.client;

/**
 * AI Image Generator V2 text to image ({@code text-to-image/youcam}, model {@code youcam-image-v2}): a prompt of up to
 * 800 characters at one of five sizes. It exists only on the v2 routes, which a legacy client uses for it.
 */
public final class TextToImageV2 extends EffectCall<TextToImageV2> {
    TextToImageV2(AtelierClient client, String prompt) {
        super(client, "text-to-image/youcam");
        params.put("model", "youcam-image-v2");
        params.put("prompt", GeneratorText.prompt(prompt, 800));
    }

    @Override
    TextToImageV2 self() {
        return this;
    }

    @Override
    boolean v2Only() {
        return true;
    }

    /**
     * The size: {@code 1664*928} (the default), {@code 1472*1104}, {@code 1328*1328}, {@code 1104*1472} or
     * {@code 928*1664}.
     *
     * @throws IllegalArgumentException for any other size
     */
    public TextToImageV2 size(String size) {
        if (!SIZES.contains(size)) {
            throw new IllegalArgumentException("size must be one of " + SIZES + ", got " + size);
        }
        params.put("size", size);
        return this;
    }

    private static final java.util.List<String> SIZES = java.util.List.of("1664*928", "1472*1104", "1328*1328",
            "1104*1472", "928*1664");

    /** What to keep out of the picture (at most 500 characters). */
    public TextToImageV2 negativePrompt(String text) {
        params.put("negative_prompt", GeneratorText.prompt(text, 500));
        return this;
    }

    /** Whether the server may enrich the prompt (default true); false sends it verbatim. */
    public TextToImageV2 promptExtend(boolean extend) {
        params.put("prompt_extend", extend);
        return this;
    }
}
