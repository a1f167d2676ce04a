package dev.atelier.server.effects.generate;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.engines.Engine;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AI Image Generator V2 text-to-image ({@code /s2s/v2.0/task/text-to-image/youcam}, CONTRACTS A.6): {@code model}
 * {@code youcam-image-v2}, a prompt of 1..800 characters, an optional negative prompt of 1..500, one of five sizes
 * ({@code 1664*928} by default) delivered exactly, and {@code prompt_extend} (default true, see
 * {@link PromptExtension}).
 */
public final class TextToImageV2Effect implements Effect {
    static final String FEATURE = "text-to-image-youcam";
    static final String YOUCAM_MODEL = "youcam-image-v2";
    static final int MAX_PROMPT = 800;
    static final int MAX_NEGATIVE_PROMPT = 500;

    private static final EffectSpec SPEC = new EffectSpec(
            FEATURE,
            List.of(),
            List.of("v2.0/task/text-to-image/youcam"),
            new InputSpec(InputSpec.Range.NONE, InputSpec.Range.NONE, InputSpec.Range.NONE, 4096, 1),
            BigDecimal.ONE,
            List.of("jpg", "png", "webp"),
            ResultShape.SINGLE_URL,
            "AI image generator V2: text to image in one of five sizes");

    private final Generator generator;
    private final Optional<String> model;

    TextToImageV2Effect(Generator generator, Optional<String> model) {
        this.generator = generator;
        this.model = model;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    @Override
    public Availability availability() {
        return generator.availability(GenerationOperation.TEXT_TO_IMAGE, model, "ATELIER_GENERATOR_V2_MODEL");
    }

    @Override
    public List<Engine> engines() {
        return generator.engines();
    }

    /** {@code model} must be {@code youcam-image-v2}. */
    static void checkModel(Map<String, Object> params) {
        Object m = params.get("model");
        if (m == null) {
            throw Refusal.invalid("model is required: youcam-image-v2");
        }
        if (!YOUCAM_MODEL.equals(m)) {
            throw Refusal.invalid("model must be youcam-image-v2, got '" + m + "'");
        }
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.choice("model", true, List.of(YOUCAM_MODEL), YOUCAM_MODEL, "The model: youcam-image-v2"),
                ParamSpec.text("prompt", true, MAX_PROMPT, "What to make (each letter, digit, symbol or CJK character counts 1)"),
                ParamSpec.text("negative_prompt", false, MAX_NEGATIVE_PROMPT, "What to avoid"),
                ParamSpec.choice("size", false, Sizes.V2_TEXT_SIZES.stream().map(Sizes::youcam).toList(),
                        Sizes.youcam(Sizes.V2_TEXT_SIZES.getFirst()), "Output size, width*height"),
                ParamSpec.bool("prompt_extend", true, "Let the server enrich the prompt"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        checkModel(params);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", YOUCAM_MODEL);
        out.put("prompt", GenParams.text(params, "prompt", true, MAX_PROMPT));
        TextToImageV1Effect.putIfSet(out, "negative_prompt",
                GenParams.text(params, "negative_prompt", false, MAX_NEGATIVE_PROMPT));
        Object size = params.get("size");
        if (size != null && !(size instanceof String)) {
            throw Refusal.invalid("size must be a string like 1664*928");
        }
        out.put("size", Sizes.youcam(Sizes.v2Text((String) size)));
        out.put("prompt_extend", GenParams.bool(params, "prompt_extend", true));
        return out;
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Map<String, Object> p = input.params();
        ImageSize target = Sizes.parse("size", (String) p.get("size"));
        GenerationRequest request = generator.v2Request(GenerationOperation.TEXT_TO_IMAGE, model, p, target, null).build();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("prompt_extend", p.get("prompt_extend"));
        return generator.runFitted(GenerationOperation.TEXT_TO_IMAGE, request, List.of(), target,
                progress.slice(0, 0.9), extra);
    }
}
