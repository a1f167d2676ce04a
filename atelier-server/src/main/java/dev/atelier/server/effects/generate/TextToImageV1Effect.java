package dev.atelier.server.effects.generate;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
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
import java.util.Set;
import java.util.Optional;

/**
 * AI Image Generator V1 ({@code text-to-image}, CONTRACTS A.6): a prompt of at most 500 characters drawn in a
 * template's style, 1024 px on the long side. Templates come by {@code template_id} on
 * {@code /s2s/v2.0/task/text-to-image}; legacy clients name a style group and one style on
 * {@code /s2s/v1.0/task/text-to-image} ({@code InvalidStyleGroup} / {@code InvalidStyle} when unknown). The aspect is
 * {@code width_ratio:height_ratio} (1:1 by default, at most 4:1 either way).
 */
public final class TextToImageV1Effect implements Effect {
    static final String FEATURE = "text-to-image";
    static final String YOUCAM_MODEL = "youcam-image-v1";
    static final int MAX_PROMPT = 500;
    static final int MAX_NEGATIVE_PROMPT = 500;

    private static final EffectSpec SPEC = new EffectSpec(
            FEATURE,
            List.of(FEATURE),
            List.of("v2.0/task/text-to-image"),
            new InputSpec(InputSpec.Range.NONE, InputSpec.Range.NONE, InputSpec.Range.NONE, 4096, 1),
            new BigDecimal("2"),
            List.of("jpg", "png", "webp"),
            ResultShape.SINGLE_URL,
            "AI image generator V1: a prompt drawn in a template's style, 1024 px on the long side");

    private final Generator generator;
    private final TemplateCatalogue catalogue;
    private final Optional<String> model;

    TextToImageV1Effect(Generator generator, TemplateCatalogue catalogue, Optional<String> model) {
        this.generator = generator;
        this.catalogue = catalogue;
        this.model = model;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    @Override
    public Availability availability() {
        return generator.availability(GenerationOperation.TEXT_TO_IMAGE, model, "ATELIER_GENERATOR_V1_MODEL");
    }

    @Override
    public Set<String> fieldNames() {
        // the legacy style selection, read beside template_id and not offered in forms
        Set<String> names = new java.util.HashSet<>(Effect.super.fieldNames());
        names.addAll(Set.of("style_group_id", "style_ids"));
        return names;
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.text("prompt", true, MAX_PROMPT, "What to make"),
                ParamSpec.choice("template_id", true, catalogue.templates().stream().map(TemplateCatalogue.Template::id)
                        .toList(), null, "The style (GET /s2s/v2.0/task/template/text-to-image lists titles)"),
                ParamSpec.text("negative_prompt", false, MAX_NEGATIVE_PROMPT, "What to avoid"),
                ParamSpec.intRange("steps", false, 10, 30, null, "Guidance steps"),
                ParamSpec.numberRange("cfg_scale", false, 1, 20, null, "How closely to follow the prompt (5-10 works well)"),
                ParamSpec.singleIntList("seed", false, 0, 0xFFFF_FFFFL, "The same seed repeats a result, e.g. [42]"),
                ParamSpec.intRange("width_ratio", false, 1, 100, null, "Aspect: width part (with height_ratio)"),
                ParamSpec.intRange("height_ratio", false, 1, 100, null, "Aspect: height part (with width_ratio)"));
    }

    @Override
    public List<Engine> engines() {
        return generator.engines();
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prompt", GenParams.text(params, "prompt", true, MAX_PROMPT));
        TemplateCatalogue.Template template = template(params);
        out.put("template_id", template.id());
        putIfSet(out, "negative_prompt", GenParams.text(params, "negative_prompt", false, MAX_NEGATIVE_PROMPT));
        putIfSet(out, "steps", GenParams.integer(params, "steps", 10, 30));
        putIfSet(out, "cfg_scale", GenParams.number(params, "cfg_scale", 1, 20));
        putIfSet(out, "seed", GenParams.seed(params, "seed"));
        Integer wr = GenParams.integer(params, "width_ratio", 1, 100);
        Integer hr = GenParams.integer(params, "height_ratio", 1, 100);
        if ((wr == null) != (hr == null)) {
            throw Refusal.invalid("width_ratio and height_ratio go together");
        }
        int w = wr == null ? 1 : wr;
        int h = hr == null ? 1 : hr;
        if (Math.max(w, h) > 4 * Math.min(w, h)) {
            throw Refusal.invalid("width_ratio:height_ratio must be between 1:4 and 4:1, got " + w + ":" + h);
        }
        ImageSize size = Sizes.v1(w, h);
        out.put("width", size.width());
        out.put("height", size.height());
        return out;
    }

    private TemplateCatalogue.Template template(Map<String, Object> params) {
        Object templateId = params.get("template_id");
        if (templateId != null) {
            if (!(templateId instanceof String id) || id.isBlank()) {
                throw Refusal.invalid("template_id must be a string");
            }
            TemplateCatalogue.Template t = catalogue.template(id).orElseThrow(() -> Refusal.invalid("template_id '"
                    + id + "' is not a template of this server; GET /s2s/v2.0/task/template/text-to-image lists them"));
            if (t.isClassical()) {
                throw Refusal.invalid("template_id '" + id + "' is a classical style filter: it restyles a source "
                        + "picture and cannot draw from a prompt; use it with POST /s2s/v2.0/task/image-to-image/youcam");
            }
            return t;
        }
        if (params.containsKey("style_group_id") || params.containsKey("style_ids")) {
            Object g = params.get("style_group_id");
            if (g == null) {
                throw Refusal.invalid("style_group_id is required with style_ids");
            }
            long groupId = GenParams.whole("style_group_id", g);
            TemplateCatalogue.StyleGroup group = catalogue.group(groupId).orElseThrow(() -> new Refusal(
                    RefusalCode.INVALID_STYLE_GROUP, "style_group_id " + groupId + " is not a style group; GET "
                            + "/s2s/v1.0/task/style-group/text-to-image lists them"));
            if (!(params.get("style_ids") instanceof List<?> ids) || ids.size() != 1) {
                throw Refusal.invalid("style_ids must hold exactly one style id");
            }
            long styleId = GenParams.whole("style_ids", ids.getFirst());
            TemplateCatalogue.Style style = group.styles().stream().filter(s -> s.id() == styleId).findFirst()
                    .orElseThrow(() -> new Refusal(RefusalCode.INVALID_STYLE, "style " + styleId
                            + " is not in style group " + groupId + "; GET /s2s/v1.0/task/style/text-to-image"
                            + "?style_group_id=" + groupId + " lists its styles"));
            return catalogue.template(style.template()).orElseThrow();
        }
        throw Refusal.invalid("template_id is required (GET /s2s/v2.0/task/template/text-to-image lists them);"
                + " legacy requests send style_group_id and style_ids");
    }

    static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Map<String, Object> p = input.params();
        TemplateCatalogue.Template template = catalogue.template((String) p.get("template_id")).orElseThrow(() ->
                dev.atelier.engines.EngineCode.INVALID_PARAMETER.exception("template "
                        + p.get("template_id") + " was removed from the catalogue"));
        String prompt = p.get("prompt") + ", " + template.promptSuffix();
        String negative = p.get("negative_prompt") != null ? (String) p.get("negative_prompt")
                : template.negativePrompt();
        ImageSize target = new ImageSize(((Number) p.get("width")).intValue(), ((Number) p.get("height")).intValue());
        String chosen = generator.modelFor(GenerationOperation.TEXT_TO_IMAGE, model, YOUCAM_MODEL);
        ImageSize asked = Sizes.forUpstream(chosen, target);
        GenerationRequest request = GenerationRequest.builder(prompt)
                .negativePrompt(negative)
                .model(chosen)
                .size(asked)
                .seed(p.get("seed") == null ? null : ((Number) p.get("seed")).longValue())
                .steps(p.get("steps") == null ? null : ((Number) p.get("steps")).intValue())
                .guidance(p.get("cfg_scale") == null ? null : ((Number) p.get("cfg_scale")).doubleValue())
                .build();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("template_id", template.id());
        return generator.runFitted(GenerationOperation.TEXT_TO_IMAGE, request, List.of(), target,
                progress.slice(0, 0.9), extra);
    }
}
