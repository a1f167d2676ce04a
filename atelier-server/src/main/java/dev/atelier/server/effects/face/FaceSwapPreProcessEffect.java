package dev.atelier.server.effects.face;

import dev.atelier.engines.FaceDetection;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Face Swap pre-process ({@code face-swap/pre-process}, CONTRACTS A.5): finds the faces of the source. The status
 * lists them both ways the contract names: {@code faces[].bbox = [x1, y1, x2, y2]} and {@code result[] = {left, top,
 * width, height}}; the array position is the {@code position} later face swaps refer to. The result file is the
 * source itself (what the positions index into).
 */
public final class FaceSwapPreProcessEffect extends EngineEffect<FaceDetection> {
    private static final EffectSpec SPEC = new EffectSpec("face-swap-pre-process", List.of("face-swap/pre-process"),
            List.of("v2.0/task/face-swap/pre-process"), InputSpec.oneSource(4096, 16), BigDecimal.ZERO,
            List.of("jpg", "png", "webp"), ResultShape.SINGLE_URL,
            "Face swap pre-process: find the faces of a photo, in order, for a later face swap");

    public FaceSwapPreProcessEffect(FaceDetection faces) {
        super(SPEC, faces);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image src = input.source();
        FaceDetection.Result r = engine.detect(src, progress);
        if (r.faces().isEmpty()) {
            throw EngineCode.ERROR_NO_FACE.exception("no face was found in the photo");
        }
        // left to right, so positions read naturally
        List<FaceDetection.Face> ordered = Faces.leftToRight(r);
        List<Map<String, Object>> bboxes = new ArrayList<>();
        List<Map<String, Object>> boxes = new ArrayList<>();
        for (FaceDetection.Face f : ordered) {
            int x1 = (int) Math.round(Math.max(0, f.box().x()));
            int y1 = (int) Math.round(Math.max(0, f.box().y()));
            int x2 = (int) Math.round(Math.min(src.width(), f.box().x() + f.box().width()));
            int y2 = (int) Math.round(Math.min(src.height(), f.box().y() + f.box().height()));
            Map<String, Object> face = new LinkedHashMap<>();
            face.put("bbox", List.of(x1, y1, x2, y2));
            face.put("score", Math.round(f.score() * 1000) / 1000.0);
            bboxes.add(face);
            boxes.add(Map.of("left", x1, "top", y1, "width", x2 - x1, "height", y2 - y1));
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("faces", bboxes);
        extras.put("result", boxes);
        return new EffectOutput(List.of(new EffectOutput.Item(src.withoutAlpha(), extras)),
                EngineInfo.of(engine, r.metadata()));
    }
}
