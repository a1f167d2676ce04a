package dev.atelier.engines.generation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to generate, in provider-neutral terms. Only {@code prompt} and {@code count} are always set; every other
 * field is {@code null} when the caller leaves the choice to the model or provider. Adapters translate what their
 * upstream understands and ignore the rest; {@code extras} are copied verbatim into the upstream body (after the
 * mapped fields, so they win), which is how model-specific inputs reach Replicate, fal and friends.
 *
 * @param prompt what to draw (may be empty only for a dall-e-2 variation)
 * @param negativePrompt what to avoid, for models that take one
 * @param model Atelier's public model name (e.g. {@code dall-e-3}, {@code flux-schnell}); {@code null} = the
 *     provider's default for the operation
 * @param size requested output size; {@code null} = provider default. Providers that only take aspect ratios get
 *     the nearest ratio
 * @param count number of images, at least 1
 * @param seed random seed, for models that take one
 * @param steps diffusion steps
 * @param guidance guidance / CFG scale
 * @param style style or template (dall-e-3 {@code vivid|natural}, Stability {@code style_preset})
 * @param quality quality tier ({@code standard|hd|low|medium|high|auto})
 * @param outputFormat {@code png|jpeg|webp}
 * @param background {@code transparent|opaque|auto} (GPT image models)
 * @param provider an explicit provider name that routing must use ({@code openai}, {@code fal}...); engines ignore it
 * @param extras provider-specific fields copied into the upstream request
 */
public record GenerationRequest(
        String prompt,
        String negativePrompt,
        String model,
        ImageSize size,
        int count,
        Long seed,
        Integer steps,
        Double guidance,
        String style,
        String quality,
        String outputFormat,
        String background,
        String provider,
        Map<String, Object> extras) {

    /** The most images one request may ask for (OpenAI's own bound). */
    public static final int MAX_COUNT = 10;

    public GenerationRequest {
        prompt = prompt == null ? "" : prompt;
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be in 1.." + MAX_COUNT + ", got " + count);
        }
        extras = extras == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public static Builder builder(String prompt) {
        return new Builder(prompt);
    }

    public Builder toBuilder() {
        Builder b = new Builder(prompt);
        b.negativePrompt = negativePrompt;
        b.model = model;
        b.size = size;
        b.count = count;
        b.seed = seed;
        b.steps = steps;
        b.guidance = guidance;
        b.style = style;
        b.quality = quality;
        b.outputFormat = outputFormat;
        b.background = background;
        b.provider = provider;
        b.extras.putAll(extras);
        return b;
    }

    public GenerationRequest withModel(String newModel) {
        return toBuilder().model(newModel).build();
    }

    /** Fluent construction; unset fields stay {@code null}, count defaults to 1. */
    public static final class Builder {
        private final String prompt;
        private String negativePrompt;
        private String model;
        private ImageSize size;
        private int count = 1;
        private Long seed;
        private Integer steps;
        private Double guidance;
        private String style;
        private String quality;
        private String outputFormat;
        private String background;
        private String provider;
        private final Map<String, Object> extras = new LinkedHashMap<>();

        private Builder(String prompt) {
            this.prompt = Objects.requireNonNullElse(prompt, "");
        }

        public Builder negativePrompt(String v) { negativePrompt = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder size(ImageSize v) { size = v; return this; }
        public Builder size(int width, int height) { size = new ImageSize(width, height); return this; }
        public Builder count(int v) { count = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder steps(Integer v) { steps = v; return this; }
        public Builder guidance(Double v) { guidance = v; return this; }
        public Builder style(String v) { style = v; return this; }
        public Builder quality(String v) { quality = v; return this; }
        public Builder outputFormat(String v) { outputFormat = v; return this; }
        public Builder background(String v) { background = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder extra(String key, Object value) { extras.put(key, value); return this; }
        public Builder extras(Map<String, ?> v) { extras.putAll(v); return this; }

        public GenerationRequest build() {
            return new GenerationRequest(prompt, negativePrompt, model, size, count, seed, steps, guidance, style,
                    quality, outputFormat, background, provider, extras);
        }
    }
}
