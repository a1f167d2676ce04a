package dev.atelier.server.effects.hair;

import dev.atelier.engines.Segmentation;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.edit.MaskedEdit;
import dev.atelier.server.effects.face.Faces;
import java.math.BigDecimal;
import java.util.List;

/**
 * The hair features of CONTRACTS A.4/A.5, their slugs, paths, units and template lists. D.7: long side ≤ 1024 for
 * all of them (the hairstyle rule; the others say "same face rules").
 */
public final class HairEffects {
    static final int MAX_LONG_SIDE = 1024;
    static final List<String> FORMATS = List.of("jpg", "png");

    private HairEffects() {}

    /** A catalogue route: a v2 template-list path or a legacy slug, and the list it shows. */
    public record Listing(String key, String list) {}

    /** The v2 routes that list templates. */
    public static final List<Listing> TEMPLATE_ROUTES = List.of(
            new Listing("/s2s/v2.0/task/template/hair-style", "hairstyle"),
            new Listing("/s2s/v2.1/task/template/hair-transfer", "hairstyle"),
            new Listing("/s2s/v2.0/task/template/hair-ext", "hair-ext"),
            new Listing("/s2s/v2.0/task/template/hair-bang", "hair-bang"),
            new Listing("/s2s/v2.0/task/template/hair-vol", "hair-vol"),
            new Listing("/s2s/v2.0/task/template/wig", "wig"));

    /** The legacy slugs with style groups ({@code /s2s/v1.0/task/style-group/<slug>}). */
    public static final List<Listing> LEGACY_SLUGS = List.of(
            new Listing("hair-style", "hairstyle"),
            new Listing("hair-ext", "hair-ext"),
            new Listing("hair-bang", "hair-bang"),
            new Listing("hair-vol", "hair-vol"),
            new Listing("wig", "wig"));

    public static List<Effect> all(Faces faces, Segmentation person, MaskedEdit edit, HairCatalogue catalogue) {
        List<HairEffect.Kind> kinds = List.of(
                template("hair-style", List.of("hair-style"), "v2.0/task/hair-style", 1, "hairstyle",
                        HairMask.Zone.STYLE, "Hairstyle: a new haircut from a template"),
                new HairEffect.Kind(spec("hair-transfer", List.of(), "v2.0/task/hair-transfer", 2,
                        InputSpec.Range.exactly(1), "Hair transfer: the hairstyle of a reference photo"),
                        HairEffect.Source.REFERENCE, null, HairMask.Zone.STYLE, null),
                new HairEffect.Kind(spec("hair-transfer-v2.1", List.of(), "v2.1/task/hair-transfer", 2,
                        new InputSpec.Range(0, 1), "Hair transfer 2.1: the hairstyle of a reference photo or a "
                                + "template, keeping your hair colour if you like"),
                        HairEffect.Source.EITHER, "hairstyle", HairMask.Zone.STYLE,
                        "/s2s/v2.1/task/template/hair-transfer"),
                template("hair-ext", List.of("hair-ext"), "v2.0/task/hair-ext", 1, "hair-ext",
                        HairMask.Zone.EXTENSION, "Hair extension: longer hair from a template"),
                template("hair-bang", List.of("hair-bang"), "v2.0/task/hair-bang", 1, "hair-bang",
                        HairMask.Zone.BANG, "Bangs: a fringe from a template"),
                template("hair-vol", List.of("hair-vol"), "v2.0/task/hair-vol", 2, "hair-vol",
                        HairMask.Zone.VOLUME, "Hair volume: fuller hair from a template"),
                template("wig", List.of("wig"), "v2.0/task/wig", 1, "wig", HairMask.Zone.STYLE,
                        "Wig: try on a wig from a template"));
        return kinds.stream().<Effect>map(k -> new HairEffect(k, faces, person, edit, catalogue)).toList();
    }

    private static HairEffect.Kind template(String feature, List<String> slugs, String path, int units, String list,
            HairMask.Zone zone, String summary) {
        return new HairEffect.Kind(spec(feature, slugs, path, units, InputSpec.Range.NONE, summary),
                HairEffect.Source.TEMPLATE, list, zone, "/s2s/" + path.replace("task/", "task/template/"));
    }

    private static EffectSpec spec(String feature, List<String> slugs, String path, int units, InputSpec.Range refs,
            String summary) {
        return new EffectSpec(feature, slugs, List.of(path), new InputSpec(InputSpec.Range.exactly(1), refs,
                InputSpec.Range.NONE, MAX_LONG_SIDE, 16), BigDecimal.valueOf(units), FORMATS, ResultShape.SINGLE_URL,
                summary);
    }
}
