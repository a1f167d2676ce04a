package dev.atelier.server.effects.inpaint;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.List;

/**
 * Object Removal ({@code obj-removal}, and the v2 {@code generative-fill} path): fills the region the mask marks
 * (white = remove, CONTRACTS A.3) from the rest of the picture.
 */
public final class RemoveObjectEffect extends EngineEffect<Inpainting> {
    private static final EffectSpec SPEC = new EffectSpec("obj-removal", List.of("obj-removal"),
            List.of("v2.0/task/obj-removal", "v2.0/task/generative-fill"), InputSpec.sourceAndMask(4096, 16),
            BigDecimal.ONE, List.of("jpg", "webp", "png"), ResultShape.SINGLE_URL,
            "Object removal: paint over something and it is filled from its surroundings");

    public RemoveObjectEffect(Inpainting engine) {
        super(SPEC, engine);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image mask = input.masks().getFirst();
        if (!input.maskMarksAnything()) {
            throw EngineCode.INVALID_PARAMETER.exception("the mask marks nothing to remove: paint the region white");
        }
        ImageResult out = engine.fill(input.source().withoutAlpha(), mask, progress);
        return EffectOutput.single(out.image(), EngineInfo.of(engine, out.metadata()));
    }
}
