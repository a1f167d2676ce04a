package dev.atelier.server.effects.hair;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.imaging.Image;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineError;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.edit.MaskedEdit;
import dev.atelier.server.effects.face.FaceRules;
import dev.atelier.server.effects.face.Faces;
import dev.atelier.server.effects.generate.GenParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One hair feature (hairstyle, hair transfer, extension, bangs, volume, wig): the face checks of CONTRACTS D.7
 * (one face, at least 128 px wide, |pitch| < 10°, |yaw| < 45°, |roll| < 15°), a hair mask ({@link HairMask}), and
 * the image generator painting inside it what the chosen template (or reference photo) describes. Without a
 * configured generator the feature is unavailable and says which settings to add.
 */
final class HairEffect implements Effect {
    static final String NEGATIVE = "a different person, changed face, changed expression, distorted features, "
            + "extra limbs, blurry, cartoon";

    /** Where the style comes from. */
    enum Source {
        /** {@code template_id} (v2) or {@code style_group_id} + {@code style_ids} (legacy). */
        TEMPLATE,
        /** A reference photo ({@code ref_file_id}/{@code ref_file_url}). */
        REFERENCE,
        /** Exactly one of a reference photo or {@code template_id}, with {@code hair_color} (v2.1). */
        EITHER
    }

    /**
     * What sets one hair feature apart from the others.
     *
     * @param list the template list it draws from ({@link HairCatalogue}), or null for reference-only
     * @param templateRoute the route that lists its templates, for messages
     */
    record Kind(EffectSpec spec, Source source, String list, HairMask.Zone zone, String templateRoute) {}

    private final Kind kind;
    private final Faces faces;
    private final Segmentation person;
    private final MaskedEdit edit;
    private final HairCatalogue catalogue;

    HairEffect(Kind kind, Faces faces, Segmentation person, MaskedEdit edit, HairCatalogue catalogue) {
        this.kind = kind;
        this.faces = faces;
        this.person = person;
        this.edit = edit;
        this.catalogue = catalogue;
    }

    @Override
    public EffectSpec spec() {
        return kind.spec();
    }

    @Override
    public Availability availability() {
        List<Availability> needed = new ArrayList<>(List.of(faces.availability(), person.availability()));
        if (kind.source() != Source.REFERENCE) {
            needed.add(edit.availability());
        }
        if (kind.source() != Source.TEMPLATE) {
            needed.add(edit.referenceAvailability());
        }
        return needed.stream().filter(a -> !a.isAvailable()).findFirst().orElse(Availability.AVAILABLE);
    }

    @Override
    public List<Engine> engines() {
        List<Engine> out = new ArrayList<>(faces.engines());
        out.add(person);
        out.addAll(edit.engines());
        return out;
    }

    @Override
    public List<ParamSpec> parameters() {
        if (kind.source() == Source.REFERENCE) {
            return List.of();
        }
        List<ParamSpec> out = new ArrayList<>();
        out.add(ParamSpec.choice("template_id", kind.source() == Source.TEMPLATE,
                catalogue.templates(kind.list()).stream().map(HairCatalogue.Template::id).toList(), null,
                "The style (GET " + kind.templateRoute() + " lists titles)"));
        if (kind.source() == Source.EITHER) {
            out.add(ParamSpec.choice("hair_color", false, List.of("ref", "src"), "ref",
                    "With a template whose keep_users_color is true: src keeps the person's own hair colour"));
        }
        return out;
    }

    /** The legacy style selection ({@code style_group_id} + {@code style_ids}) is read too, and not offered in forms. */
    @Override
    public Set<String> fieldNames() {
        if (kind.source() == Source.REFERENCE) {
            return Set.of();
        }
        Set<String> names = new java.util.HashSet<>(Effect.super.fieldNames());
        names.addAll(Set.of("style_group_id", "style_ids"));
        return names;
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (kind.source() == Source.REFERENCE) {
            return out;
        }
        HairCatalogue.Template t = template(params);
        if (t != null) {
            out.put("template_id", t.id());
        }
        if (kind.source() == Source.EITHER) {
            Object color = params.getOrDefault("hair_color", "ref");
            if (!"ref".equals(color) && !"src".equals(color)) {
                throw ApiException.invalid("hair_color must be ref or src, got " + color);
            }
            out.put("hair_color", color);
        }
        return out;
    }

    /** The template the request names, or null when it names none and may (v2.1 with a reference). */
    private HairCatalogue.Template template(Map<String, Object> params) {
        Object id = params.get("template_id");
        if (id != null) {
            if (!(id instanceof String s) || s.isBlank()) {
                throw ApiException.invalid("template_id must be a string");
            }
            return catalogue.template(kind.list(), s).orElseThrow(() -> ApiException.invalid("template_id '" + s
                    + "' is not a template of " + kind.spec().feature() + "; GET " + kind.templateRoute()
                    + " lists them"));
        }
        if (params.containsKey("style_group_id") || params.containsKey("style_ids")) {
            long groupId = GenParams.whole("style_group_id", params.get("style_group_id"));
            HairCatalogue.Group group = catalogue.group(kind.list(), groupId).orElseThrow(() -> new ApiException(
                    ErrorCode.INVALID_STYLE_GROUP, "style_group_id " + groupId + " is not a style group of "
                            + kind.spec().feature() + "; GET /s2s/v1.0/task/style-group/" + kind.spec().feature()
                            + " lists them"));
            if (!(params.get("style_ids") instanceof List<?> ids) || ids.size() != 1) {
                throw ApiException.invalid("style_ids must hold exactly one style id");
            }
            long styleId = GenParams.whole("style_ids", ids.getFirst());
            return group.templates().stream().filter(t -> t.styleId() == styleId).findFirst().orElseThrow(() ->
                    new ApiException(ErrorCode.INVALID_STYLE, "style " + styleId + " is not in style group " + groupId
                            + "; GET /s2s/v1.0/task/style/" + kind.spec().feature() + "?style_group_id=" + groupId
                            + " lists its styles"));
        }
        if (kind.source() == Source.TEMPLATE) {
            throw ApiException.invalid("template_id is required (GET " + kind.templateRoute() + " lists them)");
        }
        return null;
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        Map<String, Object> p = input.params();
        HairCatalogue.Template template = p.get("template_id") == null ? null
                : catalogue.template(kind.list(), (String) p.get("template_id")).orElseThrow();
        boolean hasRef = !input.refs().isEmpty();
        if (kind.source() == Source.EITHER && (hasRef == (template != null))) {
            throw EngineError.INVALID_PARAMETER.exception("send exactly one of ref_file_id, ref_file_url or "
                    + "template_id");
        }
        Image source = input.source().withoutAlpha();
        Faces.Found face = faces.single(source, FaceRules.HAIR, "the photo", progress.slice(0, 0.15));
        Image reference = null;
        if (hasRef) {
            reference = input.refs().getFirst().withoutAlpha();
            faces.mostConfident(reference, EngineError.ERROR_NO_FACE, "the reference", progress.slice(0.15, 0.25));
        }
        progress.report(0.25, "finding the hair");
        HairMask.Result mask = HairMask.of(source, face.points(), person, kind.zone(), progress.slice(0.25, 0.35));
        EffectOutput out;
        if (reference != null) {
            out = edit.editFromReference(source, reference, mask.mask(), referencePrompt(), progress.slice(0.35, 1));
        } else {
            out = edit.edit(source, mask.mask(), prompt(template, (String) p.get("hair_color")), NEGATIVE,
                    progress.slice(0.35, 1));
        }
        Map<String, Object> meta = new LinkedHashMap<>(out.metadata());
        if (template != null) {
            meta.put("template_id", template.id());
        }
        meta.put("hair_mask", mask.method());
        meta.put("hair_mask_engine", person.id());
        meta.putAll(faces.metadata());
        return new EffectOutput(out.items(), meta);
    }

    /** The words sent to the generator for a template. */
    static String prompt(HairCatalogue.Template t, String hairColor) {
        String colour = Boolean.TRUE.equals(t.keepUsersColor()) && "src".equals(hairColor)
                ? ", in the person's own current hair colour" : "";
        return "Photo edit: give the person " + t.prompt() + colour + ". Change only the hair; keep the face, "
                + "identity, expression, skin, clothing and background exactly as they are. Photorealistic, natural "
                + "hair texture, lighting that matches the photo.";
    }

    static String referencePrompt() {
        return "Photo edit: give the person in Image 1 the hairstyle of the person in Image 2 (cut, length, texture "
                + "and colour). Change only the hair of Image 1; keep its face, identity, expression, skin, clothing "
                + "and background exactly as they are. Photorealistic.";
    }
}
