package dev.atelier.server.effects.generate;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.imaging.Image;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.engines.Engine;
import dev.atelier.server.effects.ParamSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AI Image Generator V2 image-to-image ({@code /s2s/v2.0/task/image-to-image/youcam}, CONTRACTS A.6): one to three
 * sources ({@code src_file_ids} or {@code src_file_urls}), each side 384..3072 px; a prompt of 1..800 characters that
 * may refer to "Image 1/2/3"; an output {@code size} {@code W*H} with each side 512..2048 snapped to multiples of 16
 * ({@code 1033*1032} → {@code 1040*1024}), by default about 1024² pixels with the aspect of the last source
 * ({@code error_unsupport_ratio} beyond 1:4 or 4:1).
 */
public final class ImageToImageV2Effect implements Effect {
    static final String FEATURE = "image-to-image-youcam";
    static final int MIN_INPUT_SIDE = 384;
    static final int MAX_INPUT_SIDE = 3072;

    private static final EffectSpec SPEC = new EffectSpec(
            FEATURE,
            List.of(),
            List.of("v2.0/task/image-to-image/youcam"),
            new InputSpec(new InputSpec.Range(1, 3), InputSpec.Range.NONE, InputSpec.Range.NONE, MAX_INPUT_SIDE,
                    MIN_INPUT_SIDE),
            BigDecimal.ONE,
            List.of("jpg", "png", "webp"),
            ResultShape.SINGLE_URL,
            "AI image generator V2: one to three images and an instruction to a new image");

    private final Generator generator;
    private final Optional<String> model;

    ImageToImageV2Effect(Generator generator, Optional<String> model) {
        this.generator = generator;
        this.model = model;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    @Override
    public Availability availability() {
        return generator.availability(GenerationOperation.IMAGE_TO_IMAGE, model, "ATELIER_GENERATOR_V2_MODEL");
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.choice("model", true, List.of(TextToImageV2Effect.YOUCAM_MODEL), TextToImageV2Effect.YOUCAM_MODEL,
                        "The generator model"),
                ParamSpec.text("prompt", true, TextToImageV2Effect.MAX_PROMPT, "The change to make; may refer to Image 1, 2, 3"),
                ParamSpec.text("negative_prompt", false, TextToImageV2Effect.MAX_NEGATIVE_PROMPT, "What to avoid"),
                new ParamSpec("size", ParamSpec.Type.STRING, false, null, List.of(), null, null, 9,
                        "Output W*H, each side 512..2048, rounded to multiples of 16; default about 1024x1024 with "
                                + "the last image's aspect"),
                ParamSpec.bool("prompt_extend", true, "Let the server enrich the prompt"));
    }

    @Override
    public List<Engine> engines() {
        return generator.engines();
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        TextToImageV2Effect.checkModel(params);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", TextToImageV2Effect.YOUCAM_MODEL);
        out.put("prompt", GenParams.text(params, "prompt", true, TextToImageV2Effect.MAX_PROMPT));
        TextToImageV1Effect.putIfSet(out, "negative_prompt",
                GenParams.text(params, "negative_prompt", false, TextToImageV2Effect.MAX_NEGATIVE_PROMPT));
        Object size = params.get("size");
        if (size != null) {
            if (!(size instanceof String s)) {
                throw ApiException.invalid("size must be a string like 1024*1024");
            }
            out.put("size", Sizes.youcam(Sizes.i2iExplicit(s)));
        }
        out.put("prompt_extend", GenParams.bool(params, "prompt_extend", true));
        return out;
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Map<String, Object> p = input.params();
        Image last = input.sources().getLast();
        ImageSize target = p.get("size") != null ? Sizes.parse("size", (String) p.get("size"))
                : Sizes.i2iDefault(last.width(), last.height());
        String prompt = Boolean.TRUE.equals(p.get("prompt_extend"))
                ? PromptExtension.extend((String) p.get("prompt")) : (String) p.get("prompt");
        List<EncodedImage> sources = new ArrayList<>();
        for (Image src : input.sources()) {
            sources.add(Generator.upstreamPng(src));
        }
        progress.report(0.05, "sending " + sources.size() + " image(s)");
        String chosen = generator.modelFor(GenerationOperation.IMAGE_TO_IMAGE, model, TextToImageV2Effect.YOUCAM_MODEL);
        GenerationRequest request = GenerationRequest.builder(prompt)
                .negativePrompt((String) p.get("negative_prompt"))
                .model(chosen)
                .size(Sizes.forUpstream(chosen, target))
                .build();
        GenerationResult result = generator.call(GenerationOperation.IMAGE_TO_IMAGE, request, sources, null,
                progress.slice(0.1, 0.9));
        Image raw = Generator.decode(result.images().getFirst(), result.provider());
        Map<String, Object> meta = generator.metadata(result, prompt);
        meta.put("prompt_extend", p.get("prompt_extend"));
        meta.put("size", Sizes.youcam(target));
        meta.put("upstream_size", raw.width() + "x" + raw.height());
        return EffectOutput.single(Generator.fit(raw, target), meta);
    }
}
