package dev.atelier.server.effects.color;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Relighting;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Photo Lighting ({@code lighting}): lifts shadows and recovers highlights; short side at least 256 px (D.7). */
public final class LightingEffect implements Effect {
    private static final EffectSpec SPEC = new EffectSpec("lighting", List.of("lighting"),
            List.of("v2.0/task/lighting"), InputSpec.oneSource(4096, 256), new BigDecimal("2"),
            List.of("jpg", "png", "webp"), ResultShape.SINGLE_URL,
            "Lighting: brighter shadows, recovered highlights, local contrast");

    private final Relighting engine;

    public LightingEffect(Relighting engine) {
        this.engine = engine;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    @Override
    public Availability availability() {
        return engine.availability();
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of();
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        return EffectOutput.single(engine.relight(input.source().withoutAlpha(), progress), EngineInfo.of(engine));
    }
}
