package dev.atelier.server.effects.makeup;

import dev.atelier.engines.Progress;
import dev.atelier.engines.faceedit.MakeupTransfer;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.face.FaceRules;
import dev.atelier.server.effects.face.FaceEffect;
import dev.atelier.server.effects.face.Faces;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makeup Transfer ({@code mu-transfer}, legacy {@code mu-trans-rec}; CONTRACTS A.4/A.5): the makeup of the
 * reference face ({@code ref_file_id}) on the source face. Both photos need exactly one face (D.7 "single full
 * face"), checked with the makeup codes ({@code error_src_no_face}, {@code error_ref_face_too_small}, …). The
 * transfer is classical ({@link MakeupTransfer}), and the result metadata says so.
 */
public final class MakeupTransferEffect extends FaceEffect {
    private static final EffectSpec SPEC = new EffectSpec("mu-transfer", List.of("mu-trans-rec"),
            List.of("v2.0/task/mu-transfer"),
            new InputSpec(InputSpec.Range.exactly(1), InputSpec.Range.exactly(1), InputSpec.Range.NONE, 1024, 16),
            BigDecimal.valueOf(2), List.of("jpg", "png"), ResultShape.SINGLE_URL,
            "Makeup transfer: the lipstick, eye shadow, blush and foundation colours of a reference face");

    public MakeupTransferEffect(Faces faces) {
        super(SPEC, faces);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image source = input.source().withoutAlpha();
        Image reference = input.refs().getFirst().withoutAlpha();
        Faces.Found src = faces.single(source, FaceRules.MAKEUP_SOURCE, "the photo", progress.slice(0, 0.35));
        Faces.Found ref = faces.single(reference, FaceRules.MAKEUP_REFERENCE, "the reference",
                progress.slice(0.35, 0.7));
        progress.report(0.7, "transferring makeup");
        Image out = MakeupTransfer.transfer(source, src.points(), reference, ref.points());
        progress.report(1.0, "done");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("engine", "classical-makeup-transfer");
        meta.put("engine_kind", "classical");
        meta.put("method", "classical: per-zone Lab colour statistics (lips, eye shadow, cheeks, skin) over the "
                + "face mesh; no generative model");
        meta.putAll(faces.metadata());
        return EffectOutput.single(out, meta);
    }
}
