package dev.atelier.server.effects.background;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.composite.Background;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.Params;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Background Blur ({@code bg-blur}): lens-like blur behind the subject, {@code intensity} 0..100 (default 50). */
public final class BlurBackgroundEffect extends EngineEffect<Segmentation> {
    private static final EffectSpec SPEC = new EffectSpec("bg-blur", List.of("bg-blur"), List.of("v2.0/task/bg-blur"),
            InputSpec.oneSource(4096, 16), BigDecimal.ONE, List.of("jpg", "png", "webp"), ResultShape.SINGLE_URL,
            "Background blur: a lens-like blur behind the subject");

    public BlurBackgroundEffect(Segmentation segmentation) {
        super(SPEC, segmentation);
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.intRange("intensity", false, 0, 100, 50,
                "How strongly the background is blurred: 0 leaves it sharp, 100 is the strongest"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of("intensity", Params.between("intensity", Params.optionalInt(params, "intensity", 50), 0, 100));
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        int intensity = (Integer) input.params().get("intensity");
        Segmentation.Result matte = engine.segment(input.source(), progress.slice(0, 0.7));
        progress.report(0.7, "blurring the background");
        Image out = Background.blur(input.source().withoutAlpha(), matte.mask(), intensity);
        Map<String, Object> meta = new LinkedHashMap<>(EngineInfo.of(engine, matte.metadata()));
        meta.put("compositing", "classical-lens-blur");
        meta.put("intensity", intensity);
        return EffectOutput.single(out, meta);
    }
}
