package dev.atelier.engines.remote;

import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.ModelInfo;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One model a provider offers: the public name clients ask for, the upstream's own identifier for it, and the
 * operations it supports. Written in settings as {@code public[=upstream][#ops]} where ops is a {@code +}-joined
 * subset of {@code text}, {@code image}, {@code edit}, e.g. {@code flux-fill-pro=fal-ai/flux-pro/v1/fill#edit}.
 */
public record ProviderModel(String name, String upstream, Set<GenerationOperation> operations) {
    public ProviderModel {
        Objects.requireNonNull(name, "name");
        upstream = upstream == null || upstream.isBlank() ? name : upstream;
        operations = Set.copyOf(operations);
    }

    public ModelInfo info() {
        return new ModelInfo(name, operations);
    }

    /** Parses one entry; operations not given explicitly are inferred for the provider type from the names. */
    static ProviderModel parse(String entry, ProviderType type) {
        String e = entry.trim();
        Set<GenerationOperation> ops = null;
        int hash = e.indexOf('#');
        if (hash >= 0) {
            ops = EnumSet.noneOf(GenerationOperation.class);
            for (String op : e.substring(hash + 1).split("\\+")) {
                ops.add(switch (op.trim().toLowerCase(Locale.ROOT)) {
                    case "text", "text-to-image" -> GenerationOperation.TEXT_TO_IMAGE;
                    case "image", "image-to-image" -> GenerationOperation.IMAGE_TO_IMAGE;
                    case "edit", "masked-edit" -> GenerationOperation.MASKED_EDIT;
                    default -> throw new IllegalArgumentException(
                            "unknown operation '" + op + "' in model entry '" + entry + "' (use text, image, edit)");
                });
            }
            e = e.substring(0, hash);
        }
        int eq = e.indexOf('=');
        String name = (eq < 0 ? e : e.substring(0, eq)).trim();
        String upstream = eq < 0 ? name : e.substring(eq + 1).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty model name in '" + entry + "'");
        }
        return new ProviderModel(name, upstream, ops != null ? ops : inferOperations(type, name, upstream));
    }

    /** What a model can do, judged from the names the providers give their models. */
    static Set<GenerationOperation> inferOperations(ProviderType type, String name, String upstream) {
        String n = (name + " " + upstream).toLowerCase(Locale.ROOT);
        var text = GenerationOperation.TEXT_TO_IMAGE;
        var image = GenerationOperation.IMAGE_TO_IMAGE;
        var edit = GenerationOperation.MASKED_EDIT;
        if (name.equals(ModelInfo.ANY)) {
            return EnumSet.allOf(GenerationOperation.class);
        }
        if (type == ProviderType.OPENAI || type == ProviderType.OPENAI_COMPATIBLE) {
            if (n.contains("dall-e-3")) {
                return EnumSet.of(text);
            }
            return EnumSet.of(text, image, edit); // dall-e-2 (edit, variation) and the GPT image family
        }
        if (n.contains("fill") || n.contains("inpaint")) {
            return EnumSet.of(edit);
        }
        if (type == ProviderType.STABILITY) {
            return n.contains("core") ? EnumSet.of(text) : EnumSet.of(text, image);
        }
        if (n.contains("kontext") || n.contains("flux-2") || n.contains("image-to-image") || n.contains("img2img")
                || n.contains("/edit")) {
            return EnumSet.of(text, image);
        }
        return EnumSet.of(text);
    }
}
