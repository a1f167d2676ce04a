package dev.atelier.server.effects.generate;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.Attempt;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.engines.generation.ModelInfo;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImagingException;
import dev.atelier.imaging.Resample;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EngineError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the generator effects share: the router, the choice of model, the call with upstream failures turned into
 * engine codes, the decoding and fitting of what came back, and the result metadata (provider, model, engine, seed,
 * cost, timings, attempts).
 */
public final class Generator {
    /** Sources are sent upstream at most this long on their long side; no generator here outputs more. */
    static final int MAX_UPSTREAM_SIDE = 2048;
    /** Decode budget for upstream answers (a generated image is a few megapixels). */
    private static final DecodeLimits RESULT_LIMITS = new DecodeLimits(40_000_000L, 64L << 20);

    private final GenerationRouter router;

    public Generator(GenerationRouter router) {
        this.router = router;
    }

    GenerationRouter router() {
        return router;
    }

    /** Every generator the router may call, for listings that say which engine unlocks a feature. */
    public List<dev.atelier.engines.Engine> engines() {
        return List.copyOf(router.engines());
    }

    /**
     * Whether {@code op} can run: some provider is configured, offers the operation, and offers {@code model} when
     * one is configured through {@code setting}. The remedy names the settings to add.
     */
    public Availability availability(GenerationOperation op, Optional<String> model, String setting) {
        Availability any = router.availability();
        if (!any.isAvailable()) {
            return Availability.missing("no image generation provider is configured",
                    ((Availability.Missing) any).remedy()
                            .replaceFirst("^to add one: ", "add one: ")
                            + " (docs/configuration.md, 'Image generation providers')");
        }
        List<ImageGeneration> available = router.engines().stream().filter(e -> e.availability().isAvailable())
                .toList();
        if (model.isPresent()) {
            if (available.stream().noneMatch(e -> e.supports(op, model.get()))) {
                return Availability.missing("model '" + model.get() + "' (" + setting + ") is offered by no "
                        + "configured provider for " + op.wireName(), "add it to ATELIER_PROVIDER_<NAME>_MODELS of a "
                        + "configured provider or change " + setting);
            }
        } else if (available.stream().noneMatch(e -> e.supports(op, null))) {
            return Availability.missing("no configured provider offers a model for " + op.wireName(),
                    "configure a provider whose models include one for " + op.wireName()
                            + " (ATELIER_PROVIDER_<NAME>_MODELS with #" + opTag(op) + ")");
        }
        return Availability.AVAILABLE;
    }

    /**
     * Whether {@code op} can run with some model named explicitly (the classical filters count), for the features
     * whose callers name one; otherwise as {@link #availability}.
     */
    Availability availabilityByName(GenerationOperation op) {
        boolean named = router.engines().stream().filter(e -> e.availability().isAvailable())
                .anyMatch(e -> e.models().stream().anyMatch(m -> m.supports(op)));
        return named ? Availability.AVAILABLE : availability(op, Optional.empty(), "model");
    }

    private static String opTag(GenerationOperation op) {
        return switch (op) {
            case TEXT_TO_IMAGE -> "text";
            case IMAGE_TO_IMAGE -> "image";
            case MASKED_EDIT -> "edit";
        };
    }

    /**
     * The model a YouCam effect asks for: the configured one; else {@code youcamName} when a provider maps it (e.g.
     * {@code ATELIER_PROVIDER_OPENAI_MODELS=youcam-image-v2=gpt-image-1}); else the default model of the first
     * available provider for the operation (models that cannot take a prompt with a source, dall-e-*, are skipped for
     * image-to-image). {@code null} means a pass-through provider chooses.
     */
    public String modelFor(GenerationOperation op, Optional<String> configured, String youcamName) {
        if (configured.isPresent()) {
            return configured.get();
        }
        List<ImageGeneration> available = router.engines().stream().filter(e -> e.availability().isAvailable())
                .toList();
        if (available.stream().anyMatch(e -> e.models().stream()
                .anyMatch(m -> m.name().equals(youcamName) && m.supports(op)))) {
            return youcamName;
        }
        for (ImageGeneration e : available) {
            if (e.model(null, op).isEmpty()) {
                continue; // reached only by name (the classical filters)
            }
            for (ModelInfo m : e.models()) {
                if (!m.supports(op) || op == GenerationOperation.IMAGE_TO_IMAGE
                        && m.name().toLowerCase(Locale.ROOT).startsWith("dall-e")) {
                    continue;
                }
                return m.name().equals(ModelInfo.ANY) ? null : m.name();
            }
        }
        return null;
    }

    /** Runs {@code op} through the router; upstream failures become engine codes with the provider's words. */
    public GenerationResult call(GenerationOperation op, GenerationRequest request, List<EncodedImage> sources,
            EncodedImage mask, Progress progress) {
        try {
            return switch (op) {
                case TEXT_TO_IMAGE -> router.generate(request, progress);
                case IMAGE_TO_IMAGE -> router.transform(sources, request, progress);
                case MASKED_EDIT -> router.edit(sources.getFirst(), mask, request, progress);
            };
        } catch (ProviderError e) {
            EngineError code = switch (e.code()) {
                case INVALID_REQUEST -> EngineError.INVALID_PARAMETER;
                case CONTENT_POLICY -> EngineError.ERROR_NSFW_CONTENT_DETECTED;
                case AUTH, QUOTA_EXCEEDED, RATE_LIMITED, UNAVAILABLE, NOT_CONFIGURED -> EngineError.ERROR_INFERENCE;
            };
            throw code.exception(e.code() == ProviderError.Code.RATE_LIMITED ? Throttled.describe(e) : e.getMessage());
        }
    }

    /**
     * A V2 request: the client's prompt (extended when {@code prompt_extend} is set) and negative prompt, with the
     * configured model (else {@code youcam-image-v2} when mapped, else a provider's default) asked for the size
     * nearest {@code target} that it offers. A prompt {@code template} (or {@code null}) adds its words, and its
     * negative prompt when the client sent none.
     */
    GenerationRequest.Builder v2Request(GenerationOperation op, Optional<String> configured, Map<String, Object> p,
            ImageSize target, TemplateCatalogue.Template template) {
        String prompt = Boolean.TRUE.equals(p.get("prompt_extend"))
                ? PromptExtension.extend((String) p.get("prompt")) : (String) p.get("prompt");
        String negative = (String) p.get("negative_prompt");
        if (template != null) {
            prompt = prompt + ", " + template.promptSuffix();
            negative = negative != null ? negative : template.negativePrompt();
        }
        String chosen = modelFor(op, configured, TextToImageV2Effect.YOUCAM_MODEL);
        return GenerationRequest.builder(prompt)
                .negativePrompt(negative)
                .model(chosen)
                .size(Sizes.forUpstream(chosen, target));
    }

    /**
     * Runs {@code request} and returns its first picture fitted to {@code target}, with the result metadata, the
     * size the generator drew ({@code upstream_size}) and {@code extra}.
     */
    EffectOutput runFitted(GenerationOperation op, GenerationRequest request, List<EncodedImage> sources,
            ImageSize target, Progress progress, Map<String, Object> extra) {
        GenerationResult result = call(op, request, sources, null, progress);
        Image raw = decode(result.images().getFirst(), result.provider());
        Map<String, Object> meta = metadata(result, request.prompt());
        meta.putAll(extra);
        meta.put("upstream_size", raw.width() + "x" + raw.height());
        return EffectOutput.single(fit(raw, target), meta);
    }

    /** A source as the upstream receives it: PNG, at most {@link #MAX_UPSTREAM_SIDE} on the long side. */
    public static EncodedImage upstreamPng(Image image) {
        ImageSize size = upstreamSize(image);
        Image img = size.width() == image.width() && size.height() == image.height() ? image
                : Resample.resize(image, size.width(), size.height(), Resample.Kernel.LANCZOS3);
        return new EncodedImage(Codecs.encodeLossless(img, ImageFormat.PNG), "image/png");
    }

    /** The size {@link #upstreamPng} sends {@code image} at. */
    public static ImageSize upstreamSize(Image image) {
        int longSide = Math.max(image.width(), image.height());
        if (longSide <= MAX_UPSTREAM_SIDE) {
            return new ImageSize(image.width(), image.height());
        }
        double scale = (double) MAX_UPSTREAM_SIDE / longSide;
        return new ImageSize(Math.max(1, (int) Math.round(image.width() * scale)),
                Math.max(1, (int) Math.round(image.height() * scale)));
    }

    /** Decodes one generated picture; an undecodable answer is the upstream's fault ({@code error_inference}). */
    public static Image decode(GeneratedImage g, String provider) {
        try {
            return Codecs.decode(g.data(), RESULT_LIMITS);
        } catch (ImagingException e) {
            throw EngineError.ERROR_INFERENCE.exception(provider + " returned an image Atelier cannot decode ("
                    + g.mimeType() + "): " + e.getMessage());
        }
    }

    /** The picture at exactly {@code target}: centre-cropped to its aspect, then resampled. */
    public static Image fit(Image img, ImageSize target) {
        if (img.width() == target.width() && img.height() == target.height()) {
            return img;
        }
        double want = target.aspect();
        int cw = img.width();
        int ch = img.height();
        if ((double) cw / ch > want) {
            cw = Math.max(1, Math.min(cw, (int) Math.round(ch * want)));
        } else {
            ch = Math.max(1, Math.min(ch, (int) Math.round(cw / want)));
        }
        Image cropped = crop(img, (img.width() - cw) / 2, (img.height() - ch) / 2, cw, ch);
        return Resample.resize(cropped, target.width(), target.height(), Resample.Kernel.LANCZOS3);
    }

    static Image crop(Image img, int x0, int y0, int w, int h) {
        if (x0 == 0 && y0 == 0 && w == img.width() && h == img.height()) {
            return img;
        }
        float[][] planes = new float[img.channels()][];
        for (int c = 0; c < img.channels(); c++) {
            float[] src = img.plane(c);
            float[] dst = new float[w * h];
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (y0 + y) * img.width() + x0, dst, y * w, w);
            }
            planes[c] = dst;
        }
        return Image.wrap(w, h, planes);
    }

    /** How the result was made, for the task's metadata (and the OpenAI {@code usage}). */
    public Map<String, Object> metadata(GenerationResult r, String promptSent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", r.engineId());
        EngineKind kind = router.engines().stream().filter(e -> e.provider().equals(r.provider())).findFirst()
                .map(ImageGeneration::kind).orElse(EngineKind.REMOTE);
        m.put("engine_kind", kind.wireName());
        if (kind == EngineKind.CLASSICAL) {
            // Say plainly that no generative model drew this, and that the words were not used.
            m.put("method", "classical style filter");
            m.put("prompt_used", false);
        }
        m.put("provider", r.provider());
        m.put("model", r.model());
        m.put("seed", r.seed());
        m.put("cost", r.cost());
        m.put("latency_ms", r.timings().total().toMillis());
        if (r.timings().inference() != null) {
            m.put("inference_ms", r.timings().inference().toMillis());
        }
        m.put("prompt", promptSent);
        r.details().forEach(m::putIfAbsent); // a local engine's account: native size, steps, scheduler, stage times
        String revised = r.images().getFirst().revisedPrompt();
        if (revised != null) {
            m.put("revised_prompt", revised);
        }
        if (r.usage() != null) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("input_tokens", r.usage().inputTokens());
            u.put("output_tokens", r.usage().outputTokens());
            u.put("total_tokens", r.usage().totalTokens());
            if (r.usage().inputTextTokens() != null || r.usage().inputImageTokens() != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("text_tokens", r.usage().inputTextTokens());
                d.put("image_tokens", r.usage().inputImageTokens());
                u.put("input_tokens_details", d);
            }
            m.put("tokens", u);
        }
        if (r.attempts().size() > 1) {
            List<Map<String, Object>> attempts = new ArrayList<>();
            for (Attempt a : r.attempts()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("provider", a.provider());
                am.put("outcome", a.outcome().name().toLowerCase(Locale.ROOT));
                am.put("latency_ms", a.latency().toMillis());
                if (a.error() != null) {
                    am.put("error", a.error().name().toLowerCase(Locale.ROOT));
                    am.put("message", a.message());
                }
                attempts.add(am);
            }
            m.put("attempts", attempts);
        }
        return m;
    }
}
