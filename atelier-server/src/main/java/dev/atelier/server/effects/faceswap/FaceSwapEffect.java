package dev.atelier.server.effects.faceswap;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.faceedit.FaceSwap;
import dev.atelier.imaging.Image;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineError;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.face.FaceEffect;
import dev.atelier.server.effects.face.FaceRules;
import dev.atelier.server.effects.face.Faces;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Face Swap ({@code face-swap}, CONTRACTS A.5): puts reference faces ({@code ref_file_ids}) in place of faces of the
 * source. {@code face_mapping} pairs them: {@code index} is the reference's position in the list, {@code position}
 * the source face's position in the left-to-right order {@code face-swap/pre-process} reports; {@code -1/-1}
 * skips an entry. The swap is classical ({@link FaceSwap}): the result metadata says so.
 */
public final class FaceSwapEffect extends FaceEffect {
    /** One reference per face; more faces than this in one photo is beyond what a single request should do. */
    static final int MAX_REFS = 8;
    private static final EffectSpec SPEC = new EffectSpec("face-swap", List.of("face-swap"),
            List.of("v2.0/task/face-swap"),
            new InputSpec(InputSpec.Range.exactly(1), new InputSpec.Range(1, MAX_REFS), InputSpec.Range.NONE, 4096,
                    16),
            BigDecimal.ONE, List.of("jpg", "png"), ResultShape.SINGLE_URL,
            "Face swap: put the faces of reference photos onto the faces of a photo");
    static final String ENGINE = "classical-face-swap";

    public FaceSwapEffect(Faces faces) {
        super(SPEC, faces);
    }

    /** One pair of {@code face_mapping}. */
    record Pair(int index, int position) {}

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.integerObjects("face_mapping", true, List.of("index", "position"),
                "Which reference goes on which face: index = the reference's place in the list (0 = first), "
                        + "position = the face in the photo counted from the left (0 = leftmost); -1/-1 skips"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        List<Pair> pairs = pairs(params.get("face_mapping"));
        List<Map<String, Object>> wire = new ArrayList<>();
        for (Pair p : pairs) {
            wire.add(Map.of("index", p.index(), "position", p.position()));
        }
        return Map.of("face_mapping", wire);
    }

    static List<Pair> pairs(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw ApiException.invalid("face_mapping is required: a non-empty array of {index, position} "
                    + "(index = reference position, position = face in the source, -1/-1 to skip)");
        }
        List<Pair> out = new ArrayList<>();
        Set<Integer> positions = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw ApiException.invalid("face_mapping[" + i + "] must be an object {index, position}");
            }
            int index = integer(m.get("index"), "face_mapping[" + i + "].index");
            int position = integer(m.get("position"), "face_mapping[" + i + "].position");
            boolean skip = index == -1 && position == -1;
            if (!skip && (index < 0 || position < 0)) {
                throw ApiException.invalid("face_mapping[" + i + "] must have index and position >= 0, or both -1 to "
                        + "skip; got index " + index + ", position " + position);
            }
            if (!skip && !positions.add(position)) {
                throw ApiException.invalid("face_mapping names source face " + position + " twice");
            }
            out.add(new Pair(index, position));
        }
        if (positions.isEmpty()) {
            throw ApiException.invalid("face_mapping skips every face: nothing to swap");
        }
        return out;
    }

    private static int integer(Object v, String name) {
        if (v instanceof Integer n) {
            return n;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e6) {
            return n.intValue();
        }
        throw ApiException.invalid(name + " must be an integer, got " + v);
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        List<Pair> pairs = pairs(input.params().get("face_mapping")).stream()
                .filter(p -> p.index() >= 0).toList();
        Image source = input.source().withoutAlpha();
        List<FaceDetection.Face> found = faces.leftToRight(source, progress.slice(0, 0.2));
        if (found.isEmpty()) {
            throw EngineError.ERROR_NO_FACE.exception("no face was found in the photo");
        }
        for (Pair p : pairs) {
            if (p.position() >= found.size()) {
                throw EngineError.INVALID_PARAMETER.exception("face_mapping position " + p.position()
                        + " names a face the photo does not have: it has " + found.size()
                        + " (face-swap/pre-process lists them, left to right, from 0)");
            }
            if (p.index() >= input.refs().size()) {
                throw EngineError.INVALID_PARAMETER.exception("face_mapping index " + p.index()
                        + " names a reference that was not sent: there are " + input.refs().size()
                        + " (ref_file_ids, from 0)");
            }
        }
        Map<Integer, Faces.Found> references = new HashMap<>();
        Image out = source;
        double step = 0.8 / pairs.size();
        for (int k = 0; k < pairs.size(); k++) {
            Pair p = pairs.get(k);
            Progress slice = progress.slice(0.2 + k * step, 0.2 + (k + 1) * step);
            Image refImage = input.refs().get(p.index()).withoutAlpha();
            Faces.Found ref = references.computeIfAbsent(p.index(), i -> faces.mostConfident(refImage,
                    EngineError.ERROR_NO_FACE, "reference " + i, slice.slice(0, 0.4)));
            Faces.check(ref, FaceRules.FACE_SWAP, "reference " + p.index());
            // the target mesh is read from the photo as it is now, so earlier swaps do not shift later faces
            Faces.Found target = faces.mesh(out, found.get(p.position()), slice.slice(0.4, 0.6));
            // a refusal instead of noise: a profile or tiny face cannot be warped (FaceRules.FACE_SWAP)
            Faces.check(target, FaceRules.FACE_SWAP, "the photo (position " + p.position() + ")");
            slice.report(0.6, "swapping face " + p.position());
            out = FaceSwap.swap(out, target.points(), refImage, ref.points());
        }
        progress.report(1.0, "swapped");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("engine", ENGINE);
        meta.put("engine_kind", "classical");
        meta.put("method", "landmark warp: 468-point mesh, Delaunay triangles, Lab colour match, Laplacian blend");
        meta.putAll(faces.metadata());
        meta.put("faces_swapped", pairs.size());
        return EffectOutput.single(out, meta);
    }
}
