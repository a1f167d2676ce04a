package dev.atelier.server.effects.generate;

import dev.atelier.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The V1 text-to-image catalogue: templates ({@code template_id}, CONTRACTS A.6 [N]) and the legacy style groups
 * and styles ({@code style_group_id} + {@code style_ids}, [L]) that each map onto a template. Read once from the
 * resource {@code generator/text-to-image-catalogue.json}; immutable and thread-safe.
 */
public final class TemplateCatalogue {
    static final String RESOURCE = "/generator/text-to-image-catalogue.json";

    /**
     * A template: what it adds to the client's prompt, and the negative prompt used when the client sends none.
     * {@code thumb} is {@code null}: the catalogue ships no preview pictures.
     */
    public record Template(String id, String title, String categoryName, String thumb, String promptSuffix,
            String negativePrompt) {}

    /** A legacy style: a 64-bit id and the template it stands for. */
    public record Style(long id, String title, String thumb, String template) {}

    /** A legacy style group. */
    public record StyleGroup(long id, String title, List<Style> styles) {}

    private final Map<String, Template> templates;
    private final Map<Long, StyleGroup> groups;

    private TemplateCatalogue(Map<String, Template> templates, Map<Long, StyleGroup> groups) {
        this.templates = templates;
        this.groups = groups;
    }

    /** The catalogue shipped with the server; fails at start-up when a style names a missing template. */
    public static TemplateCatalogue standard() {
        try (InputStream in = TemplateCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TemplateCatalogue parse(JsonNode root) {
        Map<String, Template> templates = new LinkedHashMap<>();
        for (JsonNode t : root.path("templates")) {
            Template template = new Template(t.path("id").asString(), t.path("title").asString(),
                    t.path("category_name").asString(), null, t.path("prompt_suffix").asString(),
                    t.path("negative_prompt").asString(null));
            if (templates.put(template.id(), template) != null) {
                throw new IllegalStateException("template " + template.id() + " is listed twice");
            }
        }
        Map<Long, StyleGroup> groups = new LinkedHashMap<>();
        for (JsonNode g : root.path("style_groups")) {
            List<Style> styles = new ArrayList<>();
            for (JsonNode s : g.path("styles")) {
                Style style = new Style(s.path("id").asLong(), s.path("title").asString(), null,
                        s.path("template").asString());
                if (!templates.containsKey(style.template())) {
                    throw new IllegalStateException("style " + style.id() + " names unknown template "
                            + style.template());
                }
                styles.add(style);
            }
            groups.put(g.path("id").asLong(), new StyleGroup(g.path("id").asLong(), g.path("title").asString(),
                    List.copyOf(styles)));
        }
        return new TemplateCatalogue(java.util.Collections.unmodifiableMap(templates),
                java.util.Collections.unmodifiableMap(groups));
    }

    public List<Template> templates() {
        return List.copyOf(templates.values());
    }

    public Optional<Template> template(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    public List<StyleGroup> groups() {
        return List.copyOf(groups.values());
    }

    public Optional<StyleGroup> group(long id) {
        return Optional.ofNullable(groups.get(id));
    }
}
