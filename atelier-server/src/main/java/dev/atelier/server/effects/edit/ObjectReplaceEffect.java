package dev.atelier.server.effects.edit;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.generate.GenParams;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * AI Replace ({@code obj-replace}, CONTRACTS A.5): what the mask marks (white) is repainted as the prompt describes,
 * through the image generator's masked edit ({@link MaskedEdit}). D.7: long side ≤ 2048.
 */
public final class ObjectReplaceEffect implements Effect {
    static final int MAX_PROMPT = 800;
    private static final EffectSpec SPEC = new EffectSpec("obj-replace", List.of("obj-replace"),
            List.of("v2.0/task/obj-replace"), InputSpec.sourceAndMask(2048, 16), BigDecimal.ONE,
            List.of("jpg", "png"), ResultShape.SINGLE_URL,
            "AI replace: paint over something and describe what should be there instead");

    private final MaskedEdit edit;

    public ObjectReplaceEffect(MaskedEdit edit) {
        this.edit = edit;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    @Override
    public Availability availability() {
        return edit.availability();
    }

    @Override
    public List<Engine> engines() {
        return edit.engines();
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.text("prompt", true, MAX_PROMPT, "What the painted region should become"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of("prompt", GenParams.text(params, "prompt", true, MAX_PROMPT));
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image mask = input.masks().getFirst();
        if (!input.maskMarksAnything()) {
            throw EngineCode.INVALID_PARAMETER.exception("the mask marks nothing to replace: paint the region white");
        }
        return edit.edit(input.source(), mask, (String) input.params().get("prompt"), null, progress);
    }
}
