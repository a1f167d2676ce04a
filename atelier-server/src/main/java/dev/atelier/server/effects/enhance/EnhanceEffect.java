package dev.atelier.server.effects.enhance;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageInfo;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.Params;
import dev.atelier.server.effects.ProbedInputs;
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

    /** The output cap from the header, so a ×4 that cannot be made is refused before anything is decoded. */
    @Override
    public void checkProbed(ProbedInputs inputs, Map<String, Object> params) {
        int scale = (Integer) params.get("scale");
        ImageInfo src = inputs.source();
        long outLong = (long) Math.max(src.width(), src.height()) * scale;
        if (outLong > MAX_OUTPUT_LONG_SIDE) {
            throw EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception("x" + scale + " of a " + src.width() + "x"
                    + src.height() + " image would be " + outLong + " px on the long side; the limit is "
                    + MAX_OUTPUT_LONG_SIDE + " (use a smaller scale or a smaller image)");
        }
    }

    /** Source rows one band of the classical enhancer holds with its margins ({@code Enhance}: 256 + 2 × 16). */
    private static final int BAND_ROWS_WITH_MARGINS = 288;
    /** Band-sized planes alive at once at the band's output scale (guide, grids, re-centring, blur). */
    private static final int BAND_PLANES = 14;

    /**
     * The decoded source; the output, except at ×1 where the classical enhancer writes into the source; the
     * enhancer's band working set; and the encoder's 8-bit copy of the output. (Models run in tiles whose tensors
     * live in ONNX Runtime's own budget.)
     */
    @Override
    public long workingMemory(ProbedInputs inputs, Map<String, Object> params) {
        int scale = (Integer) params.get("scale");
        ImageInfo src = inputs.source();
        long decoded = inputs.decodedBytes();
        long outPixels = src.pixelCount() * scale * scale;
        long output = scale == 1 ? 0 : ProbedInputs.decodedBytes(src) * scale * scale;
        long bands = (long) BAND_ROWS_WITH_MARGINS * scale * src.width() * scale * Float.BYTES * BAND_PLANES;
        long encoding = outPixels * 4;
        return Math.max(MIN_WORKING_MEMORY, decoded + output + bands + encoding);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        int scale = (Integer) input.params().get("scale");
        Image src = input.source();
        // the decoded source belongs to this run (Effect.run), so ×1 may be written into it: one copy fewer
        ImageResult out = engine.upscaleConsuming(src, scale, progress);
        Map<String, Object> meta = new LinkedHashMap<>(EngineInfo.of(engine, out.metadata()));
        meta.put("scale", scale);
        return EffectOutput.single(out.image(), meta);
    }
}
