package dev.atelier.server.effects.aging;

import dev.atelier.engines.AgeEstimation;
import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.edit.MaskedEdit;
import dev.atelier.server.effects.face.FaceRules;
import dev.atelier.server.effects.face.Faces;
import dev.atelier.server.effects.hair.HairMask;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Aging ({@code aging}, CONTRACTS A.4/A.5, {@code AgingResponseV2}): the person at several other ages. The input's
 * age comes from an age-estimation model ({@link AgeEstimation}); each other age is one masked edit of the face and
 * hair by the image generator. The outputs, the uploaded photo among them, are sorted by {@code res_age}; the
 * summary gives the input's age and index. D.7: long side ≤ 4096, short side ≥ 320, one person, |yaw| ≤ 30°,
 * |roll| ≤ 20°, |pitch| ≤ 20°, each failure with its own code.
 */
public final class AgingEffect implements Effect {
    static final int MIN_AGE = 5;
    static final int MAX_AGE = 90;
    /** Offsets from the input's age that are generated (those outside 5..90 or within 5 years of it are left out). */
    static final int[] OFFSETS = {-40, -20, -10, 10, 20, 40};
    private static final EffectSpec SPEC = new EffectSpec("aging", List.of("aging"), List.of("v2.0/task/aging"),
            InputSpec.oneSource(4096, 320), BigDecimal.valueOf(2), List.of("jpg", "png"), ResultShape.AGING,
            "Aging: the person younger and older, with the estimated age of the photo");
    /** Any size, no angle rule here: aging answers its own angle codes (see {@link #checkPose}). */
    private static final FaceRules ONE_FACE = new FaceRules(0, 180, 180, 180, EngineCode.ERROR_NO_FACE,
            EngineCode.ERROR_FACE_POSITION_TOO_SMALL, EngineCode.ERROR_LARGE_FACE_ANGLE);

    private final Faces faces;
    private final AgeEstimation ages;
    private final Segmentation person;
    private final MaskedEdit edit;

    public AgingEffect(Faces faces, AgeEstimation ages, Segmentation person, MaskedEdit edit) {
        this.faces = faces;
        this.ages = ages;
        this.person = person;
        this.edit = edit;
    }

    @Override
    public EffectSpec spec() {
        return SPEC;
    }

    @Override
    public Availability availability() {
        return List.of(faces.availability(), ages.availability(), person.availability(), edit.availability())
                .stream().filter(a -> !a.isAvailable()).findFirst().orElse(Availability.AVAILABLE);
    }

    @Override
    public List<Engine> engines() {
        List<Engine> out = new ArrayList<>(faces.engines());
        out.add(ages);
        out.add(person);
        out.addAll(edit.engines());
        return out;
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of();
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Image source = input.source().withoutAlpha();
        Faces.Found face = faces.single(source, ONE_FACE, "the photo", progress.slice(0, 0.05));
        checkPose(face.mesh().pose());
        double estimated = ages.estimate(source, face.face(), progress.slice(0.05, 0.1)).age();
        int age = (int) Math.round(estimated);
        List<Integer> targets = targets(age);
        HairMask.Result mask = HairMask.of(source, face.points(), person, HairMask.Zone.AGING,
                progress.slice(0.1, 0.15));
        List<EffectOutput.Item> items = new ArrayList<>();
        items.add(new EffectOutput.Item(source, Map.of("res_age", age)));
        Map<String, Object> lastMeta = Map.of();
        double step = 0.85 / targets.size();
        for (int k = 0; k < targets.size(); k++) {
            int target = targets.get(k);
            EffectOutput one = edit.edit(source, mask.mask(), prompt(target), NEGATIVE,
                    progress.slice(0.15 + k * step, 0.15 + (k + 1) * step));
            items.add(new EffectOutput.Item(one.items().getFirst().image(), Map.of("res_age", target)));
            lastMeta = one.metadata();
        }
        items.sort(Comparator.comparingInt(i -> (Integer) i.extras().get("res_age")));
        int index = 0;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).image() == source) {
                index = i;
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("age", age);
        summary.put("agd_idx", index); // sic: the v2 contract's spelling
        summary.put("age_idx", index); // the legacy doc's
        summary.put("age_min", (Integer) items.getFirst().extras().get("res_age"));
        summary.put("age_max", (Integer) items.getLast().extras().get("res_age"));
        summary.put("num_of_photos", items.size());
        Map<String, Object> meta = new LinkedHashMap<>(lastMeta);
        meta.remove("prompt");
        meta.put("age_engine", ages.id());
        meta.put("age_estimate", Math.round(estimated * 10) / 10.0);
        meta.put("mask", mask.method() + ", with the face");
        meta.putAll(faces.metadata());
        meta.put(ResultShape.AGING_SUMMARY, summary);
        return new EffectOutput(items, meta);
    }

    /** The ages generated for an input of {@code age}: its offsets within 5..90, none within 5 years of it. */
    static List<Integer> targets(int age) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int d : OFFSETS) {
            int t = Math.clamp(age + d, MIN_AGE, MAX_AGE);
            if (Math.abs(t - age) > 5) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    static final String NEGATIVE = "a different person, changed expression, changed pose, distorted features, "
            + "cartoon, blurry";

    static String prompt(int age) {
        return "Photo edit: show the same person at " + age + " years old: the facial proportions, skin texture, wrinkles, hairline and hair colour of someone aged " + age
                + ". Keep the identity, expression, pose, clothing and background. Photorealistic.";
    }

    /** The aging angle rules (D.7) with their own codes (A.8 E.2). */
    static void checkPose(FaceLandmarks.Pose pose) {
        EngineCode code = null;
        if (pose.pitch() > 20) {
            code = EngineCode.ERROR_FACE_ANGLE_UPWARD;
        } else if (pose.pitch() < -20) {
            code = EngineCode.ERROR_FACE_ANGLE_DOWNWARD;
        } else if (pose.yaw() > 30) {
            code = EngineCode.ERROR_FACE_ANGLE_RIGHTWARD;
        } else if (pose.yaw() < -30) {
            code = EngineCode.ERROR_FACE_ANGLE_LEFTWARD;
        } else if (pose.roll() > 20) {
            code = EngineCode.ERROR_FACE_ANGLE_RIGHT_TILT;
        } else if (pose.roll() < -20) {
            code = EngineCode.ERROR_FACE_ANGLE_LEFT_TILT;
        }
        if (code != null) {
            throw code.exception(String.format(java.util.Locale.ROOT, "the face is turned too far (pitch %.0f°, "
                    + "yaw %.0f°, roll %.0f°; limits ±20°, ±30°, ±20°): use a photo looking at the camera",
                    pose.pitch(), pose.yaw(), pose.roll()));
        }
    }
}
