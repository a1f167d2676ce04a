package dev.atelier.server.web;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.files.FileService;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public, read-only feature listing ({@code GET /s2s/v2.0/features}): the effect table as data — paths,
 * parameters, input limits, output formats, unit cost and availability with its remedy — plus the engines and what
 * each unlocks. Clients (the playground first) render forms from it instead of hard-coding features, so a feature
 * registered in {@link Effects} appears everywhere with no other change.
 *
 * <p>It needs no credential: it says what this server can do, never anything about an account. Availability is read
 * on every call because installing a model changes it without a restart.
 */
public final class FeatureCatalog {
    /** Server-wide limits the listing repeats so a client can check a file before uploading it. */
    public record Limits(long maxUploadBytes, long maxImagePixels, Duration pollingInterval, Duration pollingWindow) {}

    private final Effects effects;
    private final Limits limits;

    public FeatureCatalog(Effects effects, Limits limits) {
        this.effects = effects;
        this.limits = limits;
    }

    public void install(RoutesConfig routes) {
        routes.get("/s2s/v2.0/features", ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.json(Envelope.v2(listing()));
        });
    }

    /** The {@code data} of the response: features, engines and limits. */
    Map<String, Object> listing() {
        List<Map<String, Object>> features = new ArrayList<>();
        Map<String, Map<String, Object>> engines = new LinkedHashMap<>();
        for (Effect effect : effects.all()) {
            features.add(feature(effect));
            for (Engine engine : effect.engines()) {
                Map<String, Object> e = engines.computeIfAbsent(engine.id(), id -> engine(engine));
                @SuppressWarnings("unchecked")
                List<String> unlocks = (List<String>) e.get("features");
                unlocks.add(effect.spec().feature());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("features", features);
        data.put("engines", List.copyOf(engines.values()));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("max_upload_bytes", limits.maxUploadBytes());
        l.put("max_image_pixels", limits.maxImagePixels());
        l.put("content_types", FileService.imageTypes());
        l.put("polling_interval", limits.pollingInterval().toMillis());
        l.put("polling_window", limits.pollingWindow().toMillis());
        data.put("limits", l);
        return data;
    }

    private static Map<String, Object> feature(Effect effect) {
        EffectSpec s = effect.spec();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("feature", s.feature());
        f.put("summary", s.summary());
        f.put("paths", effect.paths());
        f.put("legacy_slugs", s.legacySlugs());
        Map<String, Object> input = input(s.input());
        if (effect instanceof VideoEffect video) {
            // Video features take one video file, not images: the playground picks, checks and plays it as such.
            input.put("media", "video");
            input.put("content_types", FileService.videoTypes());
            input.put("max_bytes", video.maxInputBytes());
        } else {
            input.put("media", "image");
        }
        f.put("input", input);
        f.put("parameters", effect.parameters().stream().map(FeatureCatalog::parameter).toList());
        f.put("output_formats", s.outputFormats());
        f.put("default_output_format", s.defaultOutputFormat());
        f.put("result_shape", s.resultShape().name().toLowerCase(Locale.ROOT));
        f.put("unit_cost", s.unitCost());
        f.put("cost_unit", effect.metering().unit());
        f.put("availability", availability(effect.availability()));
        f.put("engines", effect.engines().stream().map(Engine::id).toList());
        return f;
    }

    private static Map<String, Object> input(InputSpec in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sources", range(in.sources()));
        m.put("refs", range(in.refs()));
        m.put("masks", range(in.masks()));
        m.put("max_long_side", in.maxLongSide());
        m.put("min_short_side", in.minShortSide());
        return m;
    }

    private static Map<String, Object> range(InputSpec.Range r) {
        return Map.of("min", r.min(), "max", r.max());
    }

    private static Map<String, Object> parameter(ParamSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("type", p.type().wire());
        m.put("required", p.required());
        if (p.defaultValue() != null) {
            m.put("default", p.defaultValue());
        }
        if (!p.allowed().isEmpty()) {
            m.put("enum", p.allowed());
        }
        if (p.type() == ParamSpec.Type.ARRAY && p.itemFields().isEmpty()) {
            // A list of one integer (the generator's seed): the bounds are the element's.
            m.put("max_items", 1);
            m.put("items", Map.of("type", "integer", "minimum", p.minimum(), "maximum", p.maximum()));
        } else {
            if (p.minimum() != null) {
                m.put("minimum", p.minimum());
            }
            if (p.maximum() != null) {
                m.put("maximum", p.maximum());
            }
        }
        if (p.maxLength() != null) {
            m.put("max_length", p.maxLength());
        }
        if (!p.itemFields().isEmpty()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            p.itemFields().forEach((field, type) -> properties.put(field, Map.of("type", type.wire())));
            m.put("items", Map.of("type", "object", "properties", properties,
                    "required", List.copyOf(p.itemFields().keySet())));
        }
        m.put("description", p.description());
        return m;
    }

    private static Map<String, Object> engine(Engine engine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", engine.id());
        m.put("kind", engine.kind().wireName());
        m.put("availability", availability(engine.availability()));
        m.put("features", new ArrayList<String>());
        return m;
    }

    private static Map<String, Object> availability(Availability a) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (a) {
            case Availability.Available ok -> m.put("available", true);
            case Availability.Missing missing -> {
                m.put("available", false);
                m.put("missing", missing.missing());
                m.put("remedy", missing.remedy());
            }
        }
        return m;
    }
}
