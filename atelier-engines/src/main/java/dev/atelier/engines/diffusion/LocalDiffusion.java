package dev.atelier.engines.diffusion;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.engines.generation.ModelInfo;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.Timings;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelException;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ModelState;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImagingException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The {@code local} image generation provider: every installed diffusion bundle (model registry capability
 * {@code image-generation}) is one of its models, run by {@link DiffusionPipeline} on this machine with no key.
 * Pictures are drawn at the bundle's native scale (about {@code sample_size}² pixels, multiples of 64, the asked
 * aspect kept) and brought to the asked size by the upscaling engine; masked edits are composited over the source
 * inside a feathered mask, so pixels outside the mask stay the source's. One run per bundle at a time (the rest
 * queue); sessions close after the ONNX idle timeout. Thread-safe.
 */
public final class LocalDiffusion implements ImageGeneration, AutoCloseable {
    public static final String PROVIDER = "local";
    /** The bundle a fresh install is told to pull. */
    public static final String SUGGESTED_BUNDLE = "lcm-dreamshaper-v7";
    private static final DecodeLimits SOURCE_LIMITS = new DecodeLimits(40_000_000L, 64L << 20);
    private static final long MODELS_TTL = Duration.ofSeconds(2).toNanos();

    private final ModelRegistry registry;
    private final OnnxSettings settings;
    private final Upscaling upscaler;
    private final boolean lowMemory;
    private final Map<String, DiffusionBundle> bundles = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private volatile List<ModelInfo> models = List.of();
    private volatile long modelsAt;

    public LocalDiffusion(ModelRegistry registry, OnnxSettings settings, Upscaling upscaler, boolean lowMemory) {
        this.registry = registry;
        this.settings = settings;
        this.upscaler = upscaler;
        this.lowMemory = lowMemory;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atelier-diffusion-idle");
            t.setDaemon(true);
            return t;
        });
        long period = Math.clamp(settings.idleTimeout().toMillis() / 4, 10, 30_000);
        reaper.scheduleWithFixedDelay(() -> bundles.values()
                .forEach(b -> b.closeIfIdle(settings.idleTimeout().toNanos())), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public String id() {
        return "local-diffusion";
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.ONNX;
    }

    @Override
    public Availability availability() {
        if (!models().isEmpty()) {
            return Availability.AVAILABLE;
        }
        return Availability.missing("no local Stable Diffusion bundle is installed", "run: ./atelier models pull "
                + SUGGESTED_BUNDLE + " --accept-license (or ./atelier models import DIR --id NAME for a bundle in"
                + " the optimum ONNX layout)");
    }

    /** The installed bundles, each offering all three operations; re-read every two seconds at most. */
    @Override
    public List<ModelInfo> models() {
        long now = System.nanoTime();
        if (now - modelsAt > MODELS_TTL) {
            List<ModelInfo> found = new ArrayList<>();
            for (ModelManifest m : registry.manifests()) {
                if (m.capability() == ModelCapability.IMAGE_GENERATION
                        && registry.info(m.id()).state() == ModelState.INSTALLED) {
                    found.add(new ModelInfo(m.id(), EnumSet.allOf(GenerationOperation.class)));
                }
            }
            models = List.copyOf(found);
            modelsAt = now;
        }
        return models;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Progress progress) {
        ImageSize target = request.size() != null ? request.size() : new ImageSize(512, 512);
        return run(request, DiffusionJob.Mode.TEXT, null, null, target, progress);
    }

    @Override
    public GenerationResult transform(List<EncodedImage> sources, GenerationRequest request, Progress progress) {
        if (sources == null || sources.isEmpty()) {
            throw invalid("image-to-image needs a source picture", "image");
        }
        Image source = decode(sources.getFirst(), "image");
        ImageSize target = request.size() != null ? request.size() : new ImageSize(source.width(), source.height());
        GenerationResult r = run(request, DiffusionJob.Mode.IMAGE, source, null, target, progress);
        Map<String, Object> details = new LinkedHashMap<>(r.details());
        details.put("reference_images", sources.size());
        details.put("reference_images_used", 1); // SD image-to-image starts from one picture; say so when given more
        return withDetails(r, details);
    }

    @Override
    public GenerationResult edit(EncodedImage image, EncodedImage mask, GenerationRequest request,
            Progress progress) {
        if (mask == null) {
            throw invalid("a masked edit needs a mask", "mask");
        }
        Image source = decode(image, "image");
        Image m = decode(mask, "mask");
        if (m.width() != source.width() || m.height() != source.height()) {
            throw invalid("the mask is " + m.width() + "x" + m.height() + " but the image is " + source.width()
                    + "x" + source.height(), "mask");
        }
        ImageSize target = request.size() != null ? request.size() : new ImageSize(source.width(), source.height());
        return run(request, DiffusionJob.Mode.INPAINT, source, Masks.grey(m), target, progress);
    }

    private GenerationResult run(GenerationRequest request, DiffusionJob.Mode mode, Image source, Image mask,
            ImageSize target, Progress progress) {
        Progress p = progress == null ? Progress.none() : progress;
        long start = System.nanoTime();
        String bundleId = request.model() != null ? request.model()
                : models().stream().findFirst().map(ModelInfo::name).orElseThrow(() -> ProviderError.builder(
                        Code.NOT_CONFIGURED, availability().describe()).provider(PROVIDER).build());
        if (models().stream().noneMatch(m -> m.name().equals(bundleId))) {
            throw invalid("no installed diffusion bundle is named '" + bundleId + "'; installed: "
                    + models().stream().map(ModelInfo::name).toList(), "model");
        }
        SchedulerKind scheduler = schedulerOf(request);
        double strength = number(request, "strength", mode == DiffusionJob.Mode.IMAGE ? 0.6 : 1.0);
        long seed = request.seed() != null ? request.seed() : ThreadLocalRandom.current().nextLong(1L << 53);
        DiffusionBundle bundle = bundle(bundleId);
        ImageSize nativeSize = NativeSize.of(target, bundle.sampleSize);
        Image init = source == null ? null : Masks.resize(Masks.rgb(source), nativeSize);
        Image nativeMask = mask == null ? null : Masks.resize(mask, nativeSize);
        List<GeneratedImage> images = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        long inferenceNanos = 0;
        p.report(0, "waiting for the " + bundleId + " bundle");
        try {
            if (!bundle.acquire(settings.queueTimeout().toNanos())) {
                throw ProviderError.builder(Code.UNAVAILABLE, "the local bundle " + bundleId + " stayed busy for "
                        + settings.queueTimeout().toSeconds() + " s").provider(PROVIDER).build();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderError.builder(Code.UNAVAILABLE, "interrupted while waiting for " + bundleId)
                    .provider(PROVIDER).cause(e).build();
        }
        try {
            DiffusionPipeline pipeline = new DiffusionPipeline(bundle, settings, lowMemory);
            for (int n = 0; n < request.count(); n++) {
                Progress slice = p.slice((double) n / request.count(), (double) (n + 1) / request.count());
                DiffusionJob job;
                try {
                    job = new DiffusionJob(mode, request.prompt(), request.negativePrompt(), nativeSize.width(),
                            nativeSize.height(), request.steps(), request.guidance(), seed + n, scheduler, strength,
                            init, nativeMask, null, slice);
                } catch (IllegalArgumentException e) {
                    throw invalid(e.getMessage(), "steps");
                }
                long ti = System.nanoTime();
                DiffusionPipeline.Output out = pipeline.run(job);
                inferenceNanos += System.nanoTime() - ti;
                long tu = System.nanoTime();
                Image sized = Masks.toSize(out.image(), target, upscaler, details);
                if (mode == DiffusionJob.Mode.INPAINT) {
                    Image full = Masks.toSize(out.image(), new ImageSize(source.width(), source.height()), upscaler,
                            new LinkedHashMap<>());
                    sized = Masks.toSize(Masks.composite(Masks.rgb(source), full, mask), target, upscaler,
                            new LinkedHashMap<>());
                    details.put("composited", "feathered mask over the source");
                }
                if (n == 0) {
                    details.putAll(out.metadata());
                    details.put("upscale_ms", (System.nanoTime() - tu) / 1_000_000);
                    details.put("output_size", target.toString());
                }
                images.add(new GeneratedImage(new EncodedImage(Codecs.encodeLossless(sized, ImageFormat.PNG),
                        "image/png"), null, null));
            }
        } finally {
            bundle.release();
        }
        p.report(1.0, "done");
        details.put("seed", seed);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        return new GenerationResult(images, seed, bundleId, PROVIDER, id() + ":" + bundleId,
                new Timings(total, Duration.ofNanos(inferenceNanos)), BigDecimal.ZERO, null, List.of(), details);
    }

    private DiffusionBundle bundle(String id) {
        return bundles.computeIfAbsent(id, k -> {
            try {
                return DiffusionBundle.open(k, registry.directory(k));
            } catch (ModelException e) {
                throw ProviderError.builder(Code.NOT_CONFIGURED, e.getMessage()).provider(PROVIDER).cause(e).build();
            }
        });
    }

    /** The queue of a bundle's runs (tests watch it). */
    java.util.concurrent.locks.ReentrantLock bundleTurn(String id) {
        return bundle(id).turn();
    }

    private static SchedulerKind schedulerOf(GenerationRequest request) {
        Object s = request.extras().get("scheduler");
        if (s == null) {
            return null;
        }
        return SchedulerKind.fromWire(s.toString()).orElseThrow(() -> invalid("unknown scheduler '" + s
                + "'; choose one of " + java.util.Arrays.stream(SchedulerKind.values())
                .map(SchedulerKind::wireName).toList(), "scheduler"));
    }

    private static double number(GenerationRequest request, String key, double fallback) {
        Object v = request.extras().get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(v.toString());
            if (!(d > 0 && d <= 1)) {
                throw invalid(key + " must be in (0, 1], got " + v, key);
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(key + " must be a number, got '" + v + "'", key);
        }
    }

    private static GenerationResult withDetails(GenerationResult r, Map<String, Object> details) {
        return new GenerationResult(r.images(), r.seed(), r.model(), r.provider(), r.engineId(), r.timings(),
                r.cost(), r.usage(), r.attempts(), details);
    }

    private static Image decode(EncodedImage e, String param) {
        try {
            return Codecs.decode(e.data(), SOURCE_LIMITS);
        } catch (ImagingException x) {
            throw invalid("the " + param + " cannot be decoded: " + x.getMessage(), param);
        }
    }

    private static ProviderError invalid(String message, String param) {
        return ProviderError.builder(Code.INVALID_REQUEST, message).provider(PROVIDER).param(param).build();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        bundles.values().forEach(DiffusionBundle::close);
    }
}
