package dev.atelier.server.effects.background;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.composite.Background;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EngineError;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.generate.Generator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Background Change ({@code bg-replace}, CONTRACTS A.5): the subject over a new background — a built-in template
 * (studio colours and gradients), a colour ({@code color: "#rrggbb"}, an Atelier extension) or a picture given as the
 * reference input ({@code ref_file_id}/{@code ref_file_url}, also an extension). {@code type=prompt} with a prompt
 * draws the background with this machine's generator (the {@code local} diffusion provider) at the photo's size;
 * without an installed bundle the request is refused with the command that installs one, never silently replaced by
 * a template. {@code type=prompt} without a prompt uses the default template, as the contract says.
 */
public final class ReplaceBackgroundEffect extends EngineEffect<Segmentation> {
    /** A built-in background: a vertical gradient from {@code top} to {@code bottom} (equal for a solid colour). */
    public record Template(String id, String title, String category, int top, int bottom) {}

    public static final List<Template> TEMPLATES = List.of(
            new Template("studio_white", "Studio white", "studio", 0xF4F4F2, 0xE2E2E0),
            new Template("studio_grey", "Studio grey", "studio", 0x9A9C9E, 0x5E6062),
            new Template("studio_black", "Studio black", "studio", 0x2A2A2C, 0x0C0C0D),
            new Template("gradient_sky", "Clear sky", "gradient", 0x5B8FD6, 0xCFE3F5),
            new Template("gradient_sunset", "Sunset", "gradient", 0xF29A5C, 0x6B3A7A),
            new Template("gradient_mint", "Mint", "gradient", 0xBFEBD9, 0x6CB8A0));
    static final String DEFAULT_TEMPLATE = "studio_white";

    private static final EffectSpec SPEC = new EffectSpec("bg-replace", List.of("bg-replace"),
            List.of("v2.0/task/bg-replace"),
            new InputSpec(InputSpec.Range.exactly(1), new InputSpec.Range(0, 1), InputSpec.Range.NONE, 4096, 16),
            new BigDecimal("4"), List.of("jpg", "png", "webp"), ResultShape.SINGLE_URL,
            "Background change: the subject over a template, a colour or your own picture");

    private final ImageGeneration generator;

    public ReplaceBackgroundEffect(Segmentation segmentation) {
        this(segmentation, null);
    }

    /** With {@code generator} ({@code null} = none) drawing {@code type=prompt} backgrounds. */
    public ReplaceBackgroundEffect(Segmentation segmentation, ImageGeneration generator) {
        super(SPEC, segmentation);
        this.generator = generator;
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.choice("type", false, List.of("prompt", "template"), "prompt",
                        "template: use template_id; prompt without a prompt uses the default template"),
                ParamSpec.choice("template_id", false, TEMPLATES.stream().map(Template::id).toList(), null,
                        "A built-in background (with type=template)"),
                ParamSpec.text("color", false, 7, "A solid background colour as #rrggbb; wins over the template"),
                ParamSpec.text("prompt", false, 1000, "With type=prompt: the background to draw (needs a local "
                        + "diffusion bundle)"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        String type = Optional.ofNullable(params.get("type")).map(Object::toString).orElse("prompt");
        if (!type.equals("prompt") && !type.equals("template")) {
            throw ApiException.invalid("type must be prompt or template, got " + type);
        }
        String prompt = Optional.ofNullable(params.get("prompt")).map(Object::toString).orElse("").strip();
        String templateId = Optional.ofNullable(params.get("template_id")).map(Object::toString).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        if (params.get("color") != null) {
            String color = params.get("color").toString();
            if (!color.matches("#[0-9a-fA-F]{6}")) {
                throw ApiException.invalid("color must be #rrggbb, got " + color);
            }
            out.put("color", color.toLowerCase(Locale.ROOT));
            return out;
        }
        if (type.equals("prompt") && !prompt.isEmpty()) {
            if (generator == null || !generator.availability().isAvailable()) {
                throw new ApiException(ErrorCode.FEATURE_UNAVAILABLE, "type=prompt backgrounds need an image generator"
                        + (generator == null ? "" : ": " + generator.availability().describe())
                        + "; or use type=template with a template_id, a color, or a reference picture (ref_file_id)");
            }
            out.put("prompt", prompt);
            return out;
        }
        // type=prompt without a prompt ignores template_id and uses the default (CONTRACTS A.5)
        String id = type.equals("template") && templateId != null ? templateId : DEFAULT_TEMPLATE;
        if (TEMPLATES.stream().noneMatch(t -> t.id().equals(id))) {
            throw ApiException.invalid("unknown template_id '" + id + "'; templates: "
                    + TEMPLATES.stream().map(Template::id).toList());
        }
        out.put("template_id", id);
        return out;
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image src = input.source().withoutAlpha();
        Segmentation.Result matte = engine.segment(src, progress.slice(0, 0.7));
        progress.report(0.7, "compositing");
        Map<String, Object> meta = new LinkedHashMap<>(EngineInfo.of(engine, matte.metadata()));
        Image out;
        if (!input.refs().isEmpty()) {
            Image bg = Resample.resize(input.refs().getFirst().withoutAlpha(), src.width(), src.height(),
                    Resample.Kernel.LANCZOS3);
            out = Background.replace(src, matte.mask(), bg);
            meta.put("background", "reference picture");
        } else if (input.params().containsKey("prompt")) {
            out = Background.replace(src, matte.mask(), drawn(input.params().get("prompt").toString(), src, meta,
                    progress.slice(0.7, 0.95)));
            meta.put("background", "generated from the prompt");
        } else if (input.params().containsKey("color")) {
            int rgb = Integer.parseInt(input.params().get("color").toString().substring(1), 16);
            out = Background.replace(src, matte.mask(), ((rgb >> 16) & 255) / 255f, ((rgb >> 8) & 255) / 255f,
                    (rgb & 255) / 255f);
            meta.put("background", input.params().get("color"));
        } else {
            String id = input.params().get("template_id").toString();
            Template t = TEMPLATES.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            out = Background.replace(src, matte.mask(), gradient(t, src.width(), src.height()));
            meta.put("background", "template " + id);
        }
        return EffectOutput.single(out, meta);
    }

    /** A background drawn from {@code prompt} at the photo's size; how it was drawn goes under {@code generation}. */
    private Image drawn(String prompt, Image src, Map<String, Object> meta, Progress progress) {
        GenerationRequest request = GenerationRequest.builder(prompt + ", background scenery, no people")
                .negativePrompt("person, people, face, text, watermark").size(src.width(), src.height()).build();
        GenerationResult r;
        try {
            r = generator.generate(request, progress);
        } catch (ProviderError e) {
            throw EngineError.ERROR_INFERENCE.exception("the background could not be drawn: " + e.getMessage());
        }
        Map<String, Object> how = new LinkedHashMap<>(r.details());
        how.put("provider", r.provider());
        how.put("model", r.model());
        how.put("seed", r.seed());
        meta.put("generation", how);
        Image bg = Generator.decode(r.images().getFirst(), r.provider()).withoutAlpha();
        return Generator.fit(bg, new ImageSize(src.width(), src.height()));
    }

    static Image gradient(Template t, int width, int height) {
        Image img = Image.create(width, height, 3);
        for (int y = 0; y < height; y++) {
            float f = height == 1 ? 0 : y / (float) (height - 1);
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                float a = ((t.top() >> shift) & 255) / 255f;
                float b = ((t.bottom() >> shift) & 255) / 255f;
                java.util.Arrays.fill(img.plane(c), y * width, (y + 1) * width, a + (b - a) * f);
            }
        }
        return img;
    }
}
