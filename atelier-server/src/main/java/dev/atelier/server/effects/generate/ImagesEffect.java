package dev.atelier.server.effects.generate;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.engines.Engine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks behind the OpenAI-compatible images API: generations (no input), edits (1..16 images, optionally a mask,
 * white = change) and variations (one image, no prompt). They have no YouCam path: {@code /v1/images/*} validates
 * the request per model (CONTRACTS B.5), submits one of these and waits for it, so credits, limits and engines are
 * those of every other task. The pictures come back at the size the upstream made them, with its revised prompt.
 */
public final class ImagesEffect implements Effect {
    /** The three features, by the OpenAI route that runs them. */
    public static final String GENERATIONS = "images-generations";
    public static final String EDITS = "images-edits";
    public static final String VARIATIONS = "images-variations";
    /** Inputs of the OpenAI API are limited like every upload (size in bytes) and to 4096 px on the long side. */
    static final int MAX_INPUT_SIDE = 4096;
    static final int MAX_EDIT_IMAGES = 16;
    private static final Set<String> STRING_PARAMS = Set.of("prompt", "negative_prompt", "model", "provider", "size",
            "quality", "style", "background");

    private final EffectSpec spec;
    private final GenerationOperation op;
    private final Generator generator;

    private ImagesEffect(EffectSpec spec, GenerationOperation op, Generator generator) {
        this.spec = spec;
        this.op = op;
        this.generator = generator;
    }

    static List<ImagesEffect> all(Generator generator) {
        List<String> formats = List.of("png", "jpg", "webp");
        return List.of(
                new ImagesEffect(new EffectSpec(GENERATIONS, List.of(), List.of(),
                        new InputSpec(InputSpec.Range.NONE, InputSpec.Range.NONE, InputSpec.Range.NONE, MAX_INPUT_SIDE,
                                1),
                        BigDecimal.ONE, formats, ResultShape.OUTPUT_LIST,
                        "OpenAI-compatible image generation (POST /v1/images/generations)"),
                        GenerationOperation.TEXT_TO_IMAGE, generator),
                new ImagesEffect(new EffectSpec(EDITS, List.of(), List.of(),
                        new InputSpec(new InputSpec.Range(1, MAX_EDIT_IMAGES), InputSpec.Range.NONE,
                                new InputSpec.Range(0, 1), MAX_INPUT_SIDE, 1),
                        BigDecimal.ONE, formats, ResultShape.OUTPUT_LIST,
                        "OpenAI-compatible image edit (POST /v1/images/edits)"),
                        GenerationOperation.IMAGE_TO_IMAGE, generator),
                new ImagesEffect(new EffectSpec(VARIATIONS, List.of(), List.of(),
                        new InputSpec(InputSpec.Range.exactly(1), InputSpec.Range.NONE, InputSpec.Range.NONE,
                                MAX_INPUT_SIDE, 1),
                        BigDecimal.ONE, formats, ResultShape.OUTPUT_LIST,
                        "OpenAI-compatible image variation (POST /v1/images/variations)"),
                        GenerationOperation.IMAGE_TO_IMAGE, generator));
    }

    @Override
    public EffectSpec spec() {
        return spec;
    }

    @Override
    public Availability availability() {
        // Edits and variations can run on a model the caller names (the classical filters need no provider).
        return op == GenerationOperation.TEXT_TO_IMAGE ? generator.availability(op, Optional.empty(), "model")
                : generator.availabilityByName(op);
    }

    @Override
    public List<Engine> engines() {
        return generator.engines();
    }

    /** The OpenAI routes, not YouCam paths. */
    @Override
    public List<String> paths() {
        return List.of(switch (spec.feature()) {
            case GENERATIONS -> "/v1/images/generations";
            case EDITS -> "/v1/images/edits";
            default -> "/v1/images/variations";
        });
    }

    /** {@code output_compression} (0..100, OpenAI's default 100) is the JPEG/WebP quality; 0 is the lowest, 1. */
    @Override
    public int outputQuality(Map<String, Object> params) {
        return params.get("output_compression") instanceof Number n ? Math.max(1, n.intValue()) : 100;
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : STRING_PARAMS) {
            Object v = params.get(name);
            if (v != null && !(v instanceof String)) {
                throw Refusal.invalid(name + " must be a string");
            }
            TextToImageV1Effect.putIfSet(out, name, v);
        }
        if (!spec.feature().equals(VARIATIONS) && (out.get("prompt") == null || ((String) out.get("prompt")).isBlank())) {
            throw Refusal.invalid("prompt is required");
        }
        if (out.get("size") != null) {
            try {
                ImageSize.parse((String) out.get("size"));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid(e.getMessage());
            }
        }
        Integer n = GenParams.integer(params, "n", 1, GenerationRequest.MAX_COUNT);
        out.put("n", n == null ? 1 : n);
        TextToImageV1Effect.putIfSet(out, "seed", GenParams.seed(params, "seed"));
        TextToImageV1Effect.putIfSet(out, "steps", GenParams.integer(params, "steps", 1, 500));
        TextToImageV1Effect.putIfSet(out, "guidance", GenParams.number(params, "guidance", 0, 100));
        TextToImageV1Effect.putIfSet(out, "output_compression", GenParams.integer(params, "output_compression", 0, 100));
        Object extras = params.get("extras");
        if (extras != null && !(extras instanceof Map<?, ?>)) {
            throw Refusal.invalid("extras must be an object");
        }
        TextToImageV1Effect.putIfSet(out, "extras", extras);
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public EffectOutput run(EffectInput input, Progress progress) {
        Map<String, Object> p = input.params();
        GenerationRequest.Builder b = GenerationRequest.builder(
                        spec.feature().equals(VARIATIONS) ? "" : (String) p.get("prompt"))
                .negativePrompt((String) p.get("negative_prompt"))
                .model((String) p.get("model"))
                .provider((String) p.get("provider"))
                .count(((Number) p.get("n")).intValue())
                .quality((String) p.get("quality"))
                .style((String) p.get("style"))
                .background((String) p.get("background"))
                .seed(p.get("seed") == null ? null : ((Number) p.get("seed")).longValue())
                .steps(p.get("steps") == null ? null : ((Number) p.get("steps")).intValue())
                .guidance(p.get("guidance") == null ? null : ((Number) p.get("guidance")).doubleValue());
        if (p.get("size") != null) {
            b.size(ImageSize.parse((String) p.get("size")));
        }
        if (p.get("extras") instanceof Map<?, ?> extras) {
            b.extras((Map<String, ?>) extras);
        }
        GenerationRequest request = b.build();
        List<EncodedImage> sources = new ArrayList<>();
        for (Image src : input.sources()) {
            sources.add(Generator.upstreamPng(src));
        }
        EncodedImage mask = null;
        GenerationOperation operation = op;
        if (!input.masks().isEmpty()) {
            operation = GenerationOperation.MASKED_EDIT;
            Image m = input.masks().getFirst();
            ImageSize sent = Generator.upstreamSize(input.sources().getFirst());
            if (sent.width() != m.width() || sent.height() != m.height()) {
                m = Resample.resize(m, sent.width(), sent.height(), Resample.Kernel.MITCHELL);
            }
            mask = new EncodedImage(Codecs.encodeLossless(m, ImageFormat.PNG), "image/png");
        }
        GenerationResult result = generator.call(operation, request, sources, mask, progress.slice(0, 0.85));
        List<EffectOutput.Item> items = new ArrayList<>();
        for (GeneratedImage g : result.images()) {
            Map<String, Object> extras = new LinkedHashMap<>();
            if (g.revisedPrompt() != null) {
                extras.put("revised_prompt", g.revisedPrompt());
            }
            items.add(new EffectOutput.Item(Generator.decode(g, result.provider()), extras));
        }
        Map<String, Object> meta = generator.metadata(result, request.prompt());
        meta.put("operation", operation.wireName());
        return new EffectOutput(items, meta);
    }

}
