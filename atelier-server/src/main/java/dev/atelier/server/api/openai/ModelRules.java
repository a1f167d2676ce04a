package dev.atelier.server.api.openai;

import dev.atelier.engines.classical.ClassicalStylizer;
import dev.atelier.engines.generation.ImageSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each model family accepts (CONTRACTS B.5), checked before any task is queued so that a wrong request gets an
 * OpenAI-shaped 400 naming the parameter. Models outside OpenAI's families (FLUX, Stable Diffusion, a LocalAI model)
 * follow the generic rules: 1..10 images, any {@code WxH} with sides 64..4096, prompts up to 32000 characters.
 */
enum ModelRules {
    DALL_E_2(10, List.of("256x256", "512x512", "1024x1024"), List.of("standard"), List.of(), true, true, true,
            1000, 1),
    DALL_E_3(1, List.of("1024x1024", "1792x1024", "1024x1792"), List.of("standard", "hd"), List.of("vivid", "natural"),
            true, false, false, 4000, 1),
    GPT_IMAGE(10, List.of("1024x1024", "1536x1024", "1024x1536"), List.of("low", "medium", "high"), List.of(), false,
            true, false, 32000, 16),
    /** gpt-image-2: any {@code WxH} in multiples of 16, aspect 1:3..3:1, at most 3840x2160 worth of pixels. */
    GPT_IMAGE_2(10, List.of(), List.of("low", "medium", "high"), List.of(), false, true, false, 32000, 16),
    /**
     * The local classical style filters ({@code classical-cartoon}...): one deterministic picture of the source's
     * size, so {@code n} is 1 and {@code size} is left out; they restyle, so edits and variations only.
     */
    CLASSICAL(1, List.of(), List.of(), List.of(), true, true, true, 32000, 1),
    OTHER(10, List.of(), List.of(), List.of(), true, true, false, 32000, 16);

    static final int GENERIC_MIN_SIDE = 64;
    static final int GENERIC_MAX_SIDE = 4096;

    final int maxN;
    /** Allowed sizes; empty = any {@code WxH} by the family's rule. */
    final List<String> sizes;
    /** Allowed quality values besides {@code auto}; empty = any. */
    final List<String> qualities;
    /** Allowed style values; empty = style not taken (OTHER: any). */
    final List<String> styles;
    final boolean urlResponses;
    final boolean edits;
    final boolean variations;
    final int maxPrompt;
    final int maxEditImages;

    ModelRules(int maxN, List<String> sizes, List<String> qualities, List<String> styles, boolean urlResponses,
            boolean edits, boolean variations, int maxPrompt, int maxEditImages) {
        this.maxN = maxN;
        this.sizes = sizes;
        this.qualities = qualities;
        this.styles = styles;
        this.urlResponses = urlResponses;
        this.edits = edits;
        this.variations = variations;
        this.maxPrompt = maxPrompt;
        this.maxEditImages = maxEditImages;
    }

    static ModelRules of(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (m.startsWith("dall-e-2")) {
            return DALL_E_2;
        }
        if (m.startsWith("dall-e-3")) {
            return DALL_E_3;
        }
        if (m.startsWith("gpt-image-2")) {
            return GPT_IMAGE_2;
        }
        if (m.startsWith("gpt-image") || m.startsWith("chatgpt-image")) {
            return GPT_IMAGE;
        }
        if (m.startsWith(ClassicalStylizer.MODEL_PREFIX)) {
            return CLASSICAL;
        }
        return OTHER;
    }

    boolean openAiFamily() {
        return this != OTHER && this != CLASSICAL;
    }

    String defaultResponseFormat() {
        return urlResponses ? "url" : "b64_json";
    }

    /** Checks {@code n}, {@code size}, {@code quality}, {@code style}, {@code response_format} and the prompt. */
    void check(String model, String prompt, int n, String size, String quality, String style, String responseFormat) {
        String name = model == null ? "the default model" : model;
        if (prompt != null && prompt.codePointCount(0, prompt.length()) > maxPrompt) {
            throw OpenAiException.invalid("prompt may have at most " + maxPrompt + " characters for " + name
                    + ", got " + prompt.codePointCount(0, prompt.length()), "prompt");
        }
        if (n < 1 || n > maxN) {
            throw OpenAiException.invalid("n must be 1.." + maxN + " for " + name + ", got " + n, "n");
        }
        if (size != null && !size.equals("auto")) {
            if (this == CLASSICAL) {
                throw OpenAiException.invalid(name + " keeps the source's size; leave size out", "size");
            }
            checkSize(name, size);
        }
        if (quality != null && !quality.equals("auto") && !qualities.isEmpty() && !qualities.contains(quality)) {
            throw OpenAiException.invalid("quality must be one of " + withAuto(qualities) + " for " + name
                    + ", got '" + quality + "'", "quality");
        }
        if (style != null && openAiFamily() && !styles.contains(style)) {
            throw OpenAiException.invalid(styles.isEmpty() ? "style is not supported by " + name
                    : "style must be one of " + styles + " for " + name + ", got '" + style + "'", "style");
        }
        if (responseFormat != null && !responseFormat.equals("url") && !responseFormat.equals("b64_json")) {
            throw OpenAiException.invalid("response_format must be url or b64_json, got '" + responseFormat + "'",
                    "response_format");
        }
        if ("url".equals(responseFormat) && !urlResponses) {
            throw OpenAiException.invalid(name + " always returns b64_json; leave response_format out",
                    "response_format");
        }
    }

    private static List<String> withAuto(List<String> values) {
        List<String> all = new java.util.ArrayList<>(values);
        all.add("auto");
        return all;
    }

    private void checkSize(String name, String size) {
        if (!sizes.isEmpty()) {
            if (!sizes.contains(size)) {
                throw OpenAiException.invalid("The 'size' parameter must be one of: " + String.join(", ", sizes)
                        + (this == GPT_IMAGE ? ", auto" : "") + " for " + name, "size");
            }
            return;
        }
        ImageSize s;
        try {
            s = ImageSize.parse(size);
        } catch (IllegalArgumentException e) {
            throw OpenAiException.invalid("size must look like 1024x1024 or be auto, got '" + size + "'", "size");
        }
        if (this == GPT_IMAGE_2) {
            long max = 3840L * 2160;
            if (s.width() % 16 != 0 || s.height() % 16 != 0 || s.aspect() > 3 || s.aspect() < 1 / 3.0
                    || s.pixels() > max || Math.max(s.width(), s.height()) > 3840) {
                throw OpenAiException.invalid("size for " + name + " must be WxH in multiples of 16, aspect 1:3 to "
                        + "3:1, at most 3840x2160; got '" + size + "'", "size");
            }
            return;
        }
        if (s.width() < GENERIC_MIN_SIDE || s.height() < GENERIC_MIN_SIDE || s.width() > GENERIC_MAX_SIDE
                || s.height() > GENERIC_MAX_SIDE) {
            throw OpenAiException.invalid("size sides must be " + GENERIC_MIN_SIDE + ".." + GENERIC_MAX_SIDE
                    + ", got '" + size + "'", "size");
        }
    }

    /** What {@code GET /v1/models} says this family can do. */
    Map<String, Object> capabilities(boolean generations, boolean edits, boolean variations) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("generations", generations);
        c.put("edits", edits && this.edits);
        c.put("variations", variations && this.variations);
        c.put("max_n", maxN);
        c.put("sizes", this == CLASSICAL ? List.of("the source's size") : sizes.isEmpty() ? List.of(this == GPT_IMAGE_2 ? "WxH (multiples of 16, 1:3..3:1, <= 3840x2160)"
                : "WxH (" + GENERIC_MIN_SIDE + ".." + GENERIC_MAX_SIDE + ")") : sizes);
        c.put("qualities", qualities.isEmpty() ? List.of("auto") : withAuto(qualities));
        c.put("styles", styles);
        c.put("response_formats", urlResponses ? List.of("url", "b64_json") : List.of("b64_json"));
        c.put("max_prompt_chars", maxPrompt);
        c.put("max_edit_images", edits && this.edits ? maxEditImages : 0);
        return c;
    }
}
