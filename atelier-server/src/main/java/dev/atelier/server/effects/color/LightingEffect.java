package dev.atelier.server.effects.color;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Relighting;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.List;

/** Photo Lighting ({@code lighting}): lifts shadows and recovers highlights; short side at least 256 px (D.7). */
public final class LightingEffect extends EngineEffect<Relighting> {
    private static final EffectSpec SPEC = new EffectSpec("lighting", List.of("lighting"),
            List.of("v2.0/task/lighting"), InputSpec.oneSource(4096, 256), new BigDecimal("2"),
            List.of("jpg", "png", "webp"), ResultShape.SINGLE_URL,
            "Lighting: brighter shadows, recovered highlights, local contrast");

    public LightingEffect(Relighting engine) {
        super(SPEC, engine);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        return EffectOutput.single(engine.relight(input.source().withoutAlpha(), progress), EngineInfo.of(engine));
    }
}
