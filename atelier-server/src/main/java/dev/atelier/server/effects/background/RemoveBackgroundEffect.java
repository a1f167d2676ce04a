package dev.atelier.server.effects.background;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.composite.Matting;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.List;

/** Background Removal ({@code sod}): the subject with a soft alpha matte, PNG or WebP. */
public final class RemoveBackgroundEffect extends EngineEffect<Segmentation> {
    private static final EffectSpec SPEC = new EffectSpec("sod", List.of("sod"), List.of("v2.0/task/sod"),
            InputSpec.oneSource(4096, 16), BigDecimal.ONE, List.of("png", "webp"), ResultShape.SINGLE_URL,
            "Background removal: the subject on a transparent background");

    public RemoveBackgroundEffect(Segmentation segmentation) {
        super(SPEC, segmentation);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image src = input.source();
        Segmentation.Result matte = engine.segment(src, progress);
        // The subject's own colour in the soft edge, not the old background's (Matting#foreground).
        return EffectOutput.single(Matting.cutout(src, matte.mask()), EngineInfo.of(engine, matte.metadata()));
    }
}
