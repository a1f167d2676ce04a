package dev.atelier.server.effects.colorize;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Colorization;
import dev.atelier.engines.Progress;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Photo Colorize ({@code colorize}, CONTRACTS A.4/A.5): four variants in {@code results.output[]}, the model's one
 * prediction rendered at four colour strengths — as predicted, muted, subtle and vivid — so the client can pick (one
 * inference, four renders; see docs/decisions.md). There is no classical colorizer: until a colorization model is
 * installed the feature answers {@code FeatureUnavailable} saying how to install one.
 */
public final class ColorizeEffect extends EngineEffect<Colorization> {
    /** The variants: name and strength (the scale of the predicted chroma), in {@code output[]} order. */
    static final List<Map.Entry<String, Double>> VARIANTS = List.of(Map.entry("natural", 1.0),
            Map.entry("muted", 0.75), Map.entry("subtle", 0.5), Map.entry("vivid", 1.25));

    private static final EffectSpec SPEC = new EffectSpec("colorize", List.of("colorize"),
            List.of("v2.0/task/colorize"), InputSpec.oneSource(4096, 16), new BigDecimal("2"),
            List.of("jpg", "webp", "png"), ResultShape.OUTPUT_LIST,
            "Photo colorize: black-and-white photos in colour, four strengths to choose from");

    public ColorizeEffect(Colorization engine) {
        super(SPEC, engine);
    }

    @Override
    public Availability availability() {
        Availability a = engine.availability();
        if (a instanceof Availability.Missing m) {
            return Availability.missing("no colorization model is installed (" + m.missing() + ")", m.remedy()
                    + "; a DDColor ONNX export fits (docs/features.md, Photo colorize)");
        }
        return a;
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Colorization.Result result = engine.colorize(input.source(), progress.slice(0.0, 0.8));
        List<EffectOutput.Item> items = new ArrayList<>();
        for (int i = 0; i < VARIANTS.size(); i++) {
            Map.Entry<String, Double> v = VARIANTS.get(i);
            items.add(new EffectOutput.Item(result.render(v.getValue()),
                    Map.of("variant", v.getKey(), "strength", v.getValue())));
            progress.report(0.8 + 0.2 * (i + 1) / VARIANTS.size(), "rendered " + v.getKey());
        }
        return new EffectOutput(items, EngineInfo.of(engine, result.metadata()));
    }
}
