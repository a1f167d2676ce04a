package dev.atelier.server.effects.enhance;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.Params;
import dev.atelier.server.effects.ResultShape;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Photo Enhance ({@code enhance}, CONTRACTS A.4/A.5): {@code scale} 1, 2 or 4; JPEG or WebP out.
 *
 * <p>Inputs up to 4096 px on the long side as the contract allows; the output is additionally capped at 8192 px on
 * the long side so a ×4 of a 4096 px photo (268 MP) cannot exhaust memory: such a request fails with
 * {@code error_exceed_max_image_size} and says which scale would fit.
 */
public final class EnhanceEffect extends EngineEffect<Upscaling> {
    static final int MAX_OUTPUT_LONG_SIDE = 8192;

    private static final EffectSpec SPEC = new EffectSpec(
            "enhance",
            List.of("enhance"),
            List.of("v2.0/task/enhance", "v2.1/task/enhance"),
            InputSpec.oneSource(4096, 16),
            new BigDecimal("2"),
            List.of("jpg", "webp", "png"),
            ResultShape.SINGLE_URL,
            "Photo enhance: denoise, sharpen and upscale x1, x2 or x4");

    public EnhanceEffect(Upscaling engine) {
        super(SPEC, engine);
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.intChoice("scale", true, List.of(1, 2, 4), null,
                "Upscale factor: 1 cleans the photo at its size, 2 and 4 also enlarge it"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        int scale = Params.oneOf("scale", Params.requiredInt(params, "scale"), Set.of(1, 2, 4));
        return Map.of("scale", scale);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        int scale = (Integer) input.params().get("scale");
        Image src = input.source();
        long outLong = (long) Math.max(src.width(), src.height()) * scale;
        if (outLong > MAX_OUTPUT_LONG_SIDE) {
            throw EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception("x" + scale + " of a " + src.width() + "x"
                    + src.height() + " image would be " + outLong + " px on the long side; the limit is "
                    + MAX_OUTPUT_LONG_SIDE + " (use a smaller scale or a smaller image)");
        }
        ImageResult out = engine.upscale(src, scale, progress);
        Map<String, Object> meta = new LinkedHashMap<>(EngineInfo.of(engine, out.metadata()));
        meta.put("scale", scale);
        return EffectOutput.single(out.image(), meta);
    }
}
