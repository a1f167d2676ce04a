package dev.atelier.server.web;

import dev.atelier.engines.Engine;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.tasks.DirectRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What each effect does, shown on its own output: {@code GET /ui/previews/<feature>} runs the effect once on the
 * playground's built-in sample photo ({@code web/ui/sample.jpg}, a public-domain NASA portrait) through
 * {@link DirectRun} — the same pipeline as a task — and answers a small thumbnail of the result, kept in memory for
 * the life of the process.
 *
 * <p>It needs no key, like the feature listing it illustrates, so its cost is bounded here instead: the input is
 * always the same small sample (never a caller's bytes or parameters), each feature runs at most once per set of
 * installed engines, and previews run one at a time on a single thread of their own, so opening the playground can
 * never occupy more than one core. A feature the sample cannot show (video, a reference or prompt it needs, an
 * engine that is not installed) answers the listing's refusal instead of a picture; the page then shows a lettered
 * tile.
 */
public final class EffectPreviews {
    /** The long side of a preview thumbnail, in pixels: a grid tile at twice the density of a 96 px tile. */
    static final int THUMB_SIDE = 192;
    private static final long WAIT_SECONDS = 120;

    private final Effects effects;
    private final DirectRun runner;
    private final byte[] sample;
    private final byte[] sampleMask;
    private final Map<String, CompletableFuture<Thumb>> made = new ConcurrentHashMap<>();
    // One thread at most, started on demand and gone after a minute idle: previews are made in the first minutes of
    // a playground's use, and a node that never shows the playground keeps no thread for them.
    private final ExecutorService one = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name("atelier-previews").daemon(true).factory());

    /** A preview: encoded bytes and their content type. */
    record Thumb(byte[] bytes, String contentType) {}

    public EffectPreviews(Effects effects, DecodeLimits limits) {
        this.effects = effects;
        this.runner = new DirectRun(effects, limits);
        this.sample = resource("web/ui/sample.jpg");
        this.sampleMask = mask(Codecs.probe(sample).width(), Codecs.probe(sample).height());
    }

    public void install(RoutesConfig routes) {
        routes.get("/ui/previews/{feature}", this::serve);
    }

    private void serve(Context ctx) {
        Thumb t = preview(ctx.pathParam("feature"));
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(t.contentType());
        ctx.result(t.bytes());
    }

    /**
     * The preview of {@code feature}, made on first use.
     *
     * @throws Refusal {@code NotFound} for an unknown feature or one the sample cannot show,
     *                 {@code FeatureUnavailable} when its engine is not installed
     */
    Thumb preview(String feature) {
        Effect effect = effects.byFeature(feature)
                .orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND, "no feature '" + feature + "'"));
        String unsuitable = unsuitable(effect);
        if (unsuitable != null) {
            throw new Refusal(RefusalCode.NOT_FOUND, "no preview of " + feature + ": " + unsuitable);
        }
        if (!effect.availability().isAvailable()) {
            throw new Refusal(RefusalCode.FEATURE_UNAVAILABLE, "no preview of " + feature + ": "
                    + effect.availability().describe());
        }
        // Installing a model changes what runs: a preview is made again for a new set of ready engines.
        String key = feature + " " + effect.engines().stream().filter(e -> e.availability().isAvailable())
                .map(Engine::id).collect(Collectors.joining(","));
        CompletableFuture<Thumb> f = made.computeIfAbsent(key,
                k -> CompletableFuture.supplyAsync(() -> make(effect), one));
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refusal r) {
                throw r;
            }
            throw new Refusal(RefusalCode.NOT_FOUND, "no preview of " + feature + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Refusal(RefusalCode.UNAVAILABLE, "the preview of " + feature + " is still being made");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(RefusalCode.UNAVAILABLE, "interrupted");
        }
    }

    /** Why the sample alone cannot show this effect, or null when it can. */
    static String unsuitable(Effect effect) {
        InputSpec in = effect.spec().input();
        if (effect instanceof VideoEffect) {
            return "it takes a video";
        }
        if (!in.sources().contains(1)) {
            return in.sources().max() == 0 ? "it makes pictures from a prompt" : "it takes several pictures";
        }
        if (in.refs().min() > 0) {
            return "it needs a reference picture";
        }
        for (ParamSpec p : effect.parameters()) {
            if (p.required() && p.defaultValue() == null && p.allowed().isEmpty()) {
                return "it needs " + p.name();
            }
        }
        return null;
    }

    private Thumb make(Effect effect) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParamSpec p : effect.parameters()) {
            if (p.required() && p.defaultValue() == null) {
                params.put(p.name(), p.allowed().getFirst());
            }
        }
        InputSpec in = effect.spec().input();
        List<byte[]> masks = in.masks().min() > 0 ? List.of(sampleMask) : List.of();
        String format = effect.spec().outputFormats().contains("png") ? "png" : effect.spec().defaultOutputFormat();
        try {
            DirectRun.Result r = runner.run(effect, new DirectRun.Inputs(List.of(sample), List.of(), masks), params,
                    format, Progress.none());
            Image out = Codecs.decode(r.outputs().getFirst().bytes(), DecodeLimits.defaults());
            double scale = Math.min(1.0, (double) THUMB_SIDE / Math.max(out.width(), out.height()));
            Image thumb = scale < 1.0 ? Resample.resize(out, Math.max(1, (int) Math.round(out.width() * scale)),
                    Math.max(1, (int) Math.round(out.height() * scale)), Resample.Kernel.LANCZOS3) : out;
            // A picture with transparency (a cut-out) stays PNG so the page shows what was removed.
            return thumb.hasAlpha() ? new Thumb(Codecs.encodeLossless(thumb, ImageFormat.PNG), "image/png")
                    : new Thumb(Codecs.encode(thumb, ImageFormat.JPEG, 85), "image/jpeg");
        } catch (EngineException e) {
            throw new Refusal(RefusalCode.NOT_FOUND, "no preview of " + effect.spec().feature() + ": the run on the"
                    + " sample failed with " + e.code().wire() + ": " + e.getMessage());
        }
    }

    /**
     * A mask over the model space shuttle on the right of the sample, against the mottled wall: what object removal
     * fills from around it (the flag at the left, beside hair and suit, would show the fill's weakest case).
     */
    static byte[] mask(int width, int height) {
        Image m = Image.create(width, height, 1);
        for (int y = 0; y < height * 19 / 32; y++) {
            for (int x = width * 11 / 16; x < width * 7 / 8; x++) {
                m.set(0, x, y, 1f);
            }
        }
        return Codecs.encodeLossless(m, ImageFormat.PNG);
    }

    private static byte[] resource(String name) {
        try (InputStream in = EffectPreviews.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the server's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
