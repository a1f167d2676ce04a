package dev.atelier.server.effects.color;

import dev.atelier.engines.ColorCorrection;
import dev.atelier.engines.Progress;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Color Correction ({@code colorize/color-correct}): four corrected variants in {@code results.output[]}. */
public final class ColorCorrectEffect extends EngineEffect<ColorCorrection> {
    private static final EffectSpec SPEC = new EffectSpec("color-correct", List.of("color-correct"),
            List.of("v2.0/task/colorize/color-correct"), InputSpec.oneSource(4096, 16), new BigDecimal("2"),
            List.of("jpg", "png", "webp"), ResultShape.OUTPUT_LIST,
            "Colour correction: four white-balance and levels variants to choose from");

    public ColorCorrectEffect(ColorCorrection engine) {
        super(SPEC, engine);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        List<EffectOutput.Item> items = engine.correct(input.source().withoutAlpha(), progress).stream()
                .map(v -> new EffectOutput.Item(v.image(), Map.<String, Object>of("variant", v.name())))
                .toList();
        return new EffectOutput(items, EngineInfo.of(engine));
    }
}
