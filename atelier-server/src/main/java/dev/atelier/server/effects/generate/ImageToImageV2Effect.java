package dev.atelier.server.effects.generate;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.imaging.Image;
import dev.atelier.engines.classical.ClassicalStylizer;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.EngineError;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.engines.Engine;
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
 *
 * <p>Atelier adds an optional {@code template_id} ({@code GET /s2s/v2.0/task/template/image-to-image/youcam}): a
 * prompt template adds its words to the prompt, and a classical filter template restyles the one source with the
 * local style filter instead of calling a generator (the result metadata says so; the prompt is then not used).
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
    private final TemplateCatalogue catalogue;
    private final Optional<String> model;

    ImageToImageV2Effect(Generator generator, TemplateCatalogue catalogue, Optional<String> model) {
        this.generator = generator;
        this.catalogue = catalogue;
        this.model = model;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    /** Always available through the classical filter templates; the generator is checked per request. */
    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    private Availability generatorAvailability() {
        return generator.availability(GenerationOperation.IMAGE_TO_IMAGE, model, "ATELIER_GENERATOR_V2_MODEL");
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.choice("model", true, List.of(TextToImageV2Effect.YOUCAM_MODEL), TextToImageV2Effect.YOUCAM_MODEL, "The model: youcam-image-v2 (not needed with a classical_* template_id)"),
                ParamSpec.text("prompt", true, TextToImageV2Effect.MAX_PROMPT, "What to make (each letter, digit, symbol or CJK character counts 1; not needed with a classical_* template_id)"),
                ParamSpec.text("negative_prompt", false, TextToImageV2Effect.MAX_NEGATIVE_PROMPT, "What to avoid"),
                ParamSpec.text("size", false, 9, "Output size as width*height, each 512..2048 (default: about 1024*1024"
                        + " in the shape of the last input)"),
                ParamSpec.bool("prompt_extend", true, "Let the server enrich the prompt"),
                ParamSpec.choice("template_id", false, catalogue.imageTemplates().stream()
                        .filter(t -> t.isClassical() || generatorAvailability().isAvailable())
                        .map(TemplateCatalogue.Template::id).toList(), null, "A style (GET "
                        + "/s2s/v2.0/task/template/image-to-image/youcam lists them; classical_* are local filters)"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        // The template first: a classical_* filter uses neither the model nor the prompt, so it does not demand them.
        TemplateCatalogue.Template template = template(params.get("template_id"));
        boolean classical = template != null && template.isClassical();
        if (!classical || params.get("model") != null) {
            TextToImageV2Effect.checkModel(params);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", TextToImageV2Effect.YOUCAM_MODEL);
        TextToImageV1Effect.putIfSet(out, "prompt",
                GenParams.text(params, "prompt", !classical, TextToImageV2Effect.MAX_PROMPT));
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
        if (template != null) {
            out.put("template_id", template.id());
        }
        if (!classical) {
            Availability a = generatorAvailability();
            if (!a.isAvailable()) {
                throw new ApiException(ErrorCode.FEATURE_UNAVAILABLE, "feature '" + FEATURE + "' cannot run on this "
                        + "server: " + a.describe() + "; a classical_* template_id runs without one");
            }
        }
        return out;
    }

    private TemplateCatalogue.Template template(Object templateId) {
        if (templateId == null) {
            return null;
        }
        if (!(templateId instanceof String id) || id.isBlank()) {
            throw ApiException.invalid("template_id must be a string");
        }
        return catalogue.template(id).orElseThrow(() -> ApiException.invalid("template_id '" + id + "' is "
                + "not a template of this server; GET /s2s/v2.0/task/template/image-to-image/youcam lists them"));
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Map<String, Object> p = input.params();
        Image last = input.sources().getLast();
        ImageSize target = p.get("size") != null ? Sizes.parse("size", (String) p.get("size"))
                : Sizes.i2iDefault(last.width(), last.height());
        TemplateCatalogue.Template template = p.get("template_id") == null ? null
                : catalogue.template((String) p.get("template_id")).orElseThrow(() -> EngineError.INVALID_PARAMETER
                        .exception("template " + p.get("template_id") + " was removed from the catalogue"));
        if (template != null && template.isClassical() && input.sources().size() > 1) {
            throw EngineError.INVALID_PARAMETER.exception("the classical template " + template.id()
                    + " restyles one source picture; send one");
        }
        List<EncodedImage> sources = new ArrayList<>();
        for (Image src : input.sources()) {
            sources.add(Generator.upstreamPng(src));
        }
        progress.report(0.05, "sending " + sources.size() + " image(s)");
        GenerationRequest.Builder request;
        if (template != null && template.isClassical()) {
            // the prompt is not used by a filter (and may be absent): the template names what was done
            request = GenerationRequest.builder(p.get("prompt") == null ? template.id() : (String) p.get("prompt"))
                    .provider(ClassicalStylizer.PROVIDER).model(ClassicalStylizer.modelName(template.filter()));
        } else {
            request = generator.v2Request(GenerationOperation.IMAGE_TO_IMAGE, model, p, target, template);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("prompt_extend", p.get("prompt_extend"));
        extra.put("size", Sizes.youcam(target));
        if (template != null) {
            extra.put("template_id", template.id());
        }
        return generator.runFitted(GenerationOperation.IMAGE_TO_IMAGE, request.build(), sources, target,
                progress.slice(0.1, 0.9), extra);
    }
}
