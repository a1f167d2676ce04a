package dev.atelier.engines.remote;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ModelInfo;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.Timings;
import dev.atelier.engines.generation.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What every remote adapter shares: availability from settings, model resolution, timing and costing. Subclasses
 * only translate one {@link Call} to their wire format in {@link #perform}.
 */
abstract class RemoteImageEngine implements ImageGeneration {

    /** One operation on one resolved model. */
    record Call(GenerationOperation op, ProviderModel model, GenerationRequest request, List<EncodedImage> sources,
            EncodedImage mask) {
        /** The upstream's model id; for a pass-through ({@code *}) model, the caller's model or {@code null}. */
        String upstreamModel() {
            return model.name().equals(ModelInfo.ANY) ? request.model() : model.upstream();
        }
    }

    /** What an adapter got back from its upstream. */
    record Produced(List<GeneratedImage> images, Long seed, Duration inference, TokenUsage usage,
            BigDecimal upstreamCost, String modelUsed) {
        Produced {
            images = List.copyOf(images);
        }

        static Produced of(List<GeneratedImage> images) {
            return new Produced(images, null, null, null, null, null);
        }
    }

    protected final ProviderSettings settings;
    protected final Upstream upstream;

    RemoteImageEngine(ProviderSettings settings, Upstream upstream) {
        this.settings = settings;
        this.upstream = upstream;
    }

    @Override
    public String id() {
        return "remote:" + settings.name();
    }

    @Override
    public String provider() {
        return settings.name();
    }

    @Override
    public EngineKind kind() {
        return EngineKind.REMOTE;
    }

    @Override
    public Availability availability() {
        if (!settings.enabled()) {
            return Availability.missing("provider " + settings.name() + " is disabled",
                    "set " + settings.key("ENABLED") + "=true");
        }
        if (settings.baseUrl() == null) {
            return Availability.missing("provider " + settings.name() + " has no base URL",
                    "set " + settings.key("BASE_URL") + " (e.g. http://localhost:8080/v1)");
        }
        if (settings.keyRequired() && settings.apiKey() == null) {
            return Availability.missing("provider " + settings.name() + " has no API key",
                    "set " + settings.key("API_KEY"));
        }
        return Availability.AVAILABLE;
    }

    @Override
    public List<ModelInfo> models() {
        return settings.models().stream().map(ProviderModel::info).toList();
    }

    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, dev.atelier.engines.Progress progress) {
        return run(GenerationOperation.TEXT_TO_IMAGE, request, List.of(), null, progress);
    }

    @Override
    public GenerationResult transform(List<EncodedImage> sources, GenerationRequest request, Progress progress) {
        if (sources == null || sources.isEmpty()) {
            throw invalid("image-to-image needs at least one source image", "image");
        }
        return run(GenerationOperation.IMAGE_TO_IMAGE, request, sources, null, progress);
    }

    @Override
    public GenerationResult edit(EncodedImage image, EncodedImage mask, GenerationRequest request,
            Progress progress) {
        Objects.requireNonNull(image, "image");
        if (mask == null) {
            throw invalid("a masked edit needs a mask", "mask");
        }
        return run(GenerationOperation.MASKED_EDIT, request, List.of(image), mask, progress);
    }

    private GenerationResult run(GenerationOperation op, GenerationRequest request, List<EncodedImage> sources,
            EncodedImage mask, Progress progress) {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw ProviderError.builder(Code.NOT_CONFIGURED, a.describe()).provider(settings.name()).build();
        }
        ProviderModel model = settings.models().stream()
                .filter(m -> m.operations().contains(op))
                .filter(m -> request.model() == null || m.name().equals(ModelInfo.ANY)
                        || m.name().equals(request.model()))
                .findFirst()
                .orElseThrow(() -> invalid("provider " + settings.name() + " offers no model "
                        + (request.model() == null ? "" : "'" + request.model() + "' ") + "for " + op.wireName()
                        + "; it offers " + settings.models().stream()
                                .filter(m -> m.operations().contains(op)).map(ProviderModel::name).toList(),
                        "model"));
        Progress p = progress == null ? Progress.none() : progress;
        Instant start = upstream.clock().instant();
        p.report(0.0, "submitting to " + settings.name());
        Produced out = perform(new Call(op, model, request, sources, mask), p);
        if (out.images().isEmpty()) {
            throw upstream.malformed("no images in the answer");
        }
        Duration total = Duration.between(start, upstream.clock().instant());
        p.report(1.0, "done");
        String publicModel = model.name().equals(ModelInfo.ANY)
                ? Objects.requireNonNullElse(request.model() != null ? request.model() : out.modelUsed(), "default")
                : model.name();
        BigDecimal cost = settings.prices()
                .cost(publicModel, request.quality(), request.size(), out.images().size())
                .orElse(out.upstreamCost());
        return new GenerationResult(out.images(), out.seed() != null ? out.seed() : request.seed(), publicModel,
                settings.name(), id(), new Timings(total, out.inference()), cost, out.usage(), List.of());
    }

    /** Translates one call to the provider's wire format and back. */
    abstract Produced perform(Call call, Progress progress);

    /** One upstream call that makes picture {@code index} of a request, reporting on its own progress slice. */
    @FunctionalInterface
    interface OneImage<T> {
        T make(int index, Progress progress);
    }

    /**
     * For providers that make one picture per call: runs {@code n} calls, at most {@code MAX_PARALLEL} at once on
     * virtual threads, and returns their results in index order. The first failure cancels the calls still running
     * and is thrown (a request is served whole or not at all).
     */
    <T> List<T> eachImage(int n, Progress progress, OneImage<T> one) {
        int parallel = Math.min(n, settings.maxParallel());
        if (parallel <= 1) {
            List<T> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(one.make(i, progress.slice((double) i / n, (i + 1.0) / n)));
            }
            return out;
        }
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(parallel);
        ParallelProgress shared = new ParallelProgress(progress, n);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return one.make(index, shared.part(index));
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<T> out = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw upstream.malformed("image call failed: " + e.getCause());
                } catch (InterruptedException e) {
                    futures.forEach(x -> x.cancel(true));
                    Thread.currentThread().interrupt();
                    throw ProviderError.builder(Code.UNAVAILABLE, "interrupted while waiting for " + settings.name())
                            .provider(settings.name()).build();
                }
            }
            return out;
        }
    }

    /**
     * The fields the diffusion hosts (fal, Replicate) name alike: negative prompt, seed, steps, the guidance scale
     * under {@code guidanceField}, and the output format with JPEG spelt {@code jpegSpelling}.
     */
    static void putDiffusionFields(tools.jackson.databind.node.ObjectNode in, GenerationRequest r,
            String guidanceField, String jpegSpelling) {
        if (r.negativePrompt() != null) {
            in.put("negative_prompt", r.negativePrompt());
        }
        if (r.seed() != null) {
            in.put("seed", r.seed());
        }
        if (r.steps() != null) {
            in.put("num_inference_steps", r.steps());
        }
        if (r.guidance() != null) {
            in.put(guidanceField, r.guidance());
        }
        if (r.outputFormat() != null) {
            String f = r.outputFormat().toLowerCase(java.util.Locale.ROOT);
            in.put("output_format", f.equals("jpg") || f.equals("jpeg") ? jpegSpelling : f);
        }
    }

    /** A polled status or result: GET {@code url}, the provider's errors mapped, the JSON answer. */
    tools.jackson.databind.JsonNode getJson(java.net.URI url, Upstream.ErrorMapper errors) {
        return upstream.json(upstream.send(upstream.request(url).GET().build(), errors), x -> x);
    }

    ProviderError invalid(String message, String param) {
        return ProviderError.builder(Code.INVALID_REQUEST, message).provider(settings.name()).param(param).build();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + settings + "]";
    }

    /** Parallel calls' progress as their mean, reported one at a time and never backwards. */
    private static final class ParallelProgress {
        private final Progress target;
        private final double[] parts;

        ParallelProgress(Progress target, int n) {
            this.target = target;
            this.parts = new double[n];
        }

        Progress part(int index) {
            return (fraction, stage) -> {
                synchronized (this) {
                    parts[index] = Math.max(parts[index], Math.clamp(fraction, 0.0, 1.0));
                    target.report(java.util.Arrays.stream(parts).average().orElse(0), stage);
                }
            };
        }
    }
}
