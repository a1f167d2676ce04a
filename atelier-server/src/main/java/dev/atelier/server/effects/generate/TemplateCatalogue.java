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
 * The generator catalogue: prompt templates ({@code template_id}, CONTRACTS A.6 [N]) for text-to-image and
 * image-to-image, the classical style-filter templates that restyle a source picture (image-to-image only), and the
 * legacy style groups and styles ({@code style_group_id} + {@code style_ids}, [L]) that each map onto a prompt
 * template. Read once from the resource {@code generator/text-to-image-catalogue.json}; immutable and thread-safe.
 * Preview pictures are {@link TemplateThumbs}' business.
 */
public final class TemplateCatalogue {
    static final String RESOURCE = "/generator/text-to-image-catalogue.json";

    /**
     * A template: either a prompt template (what it adds to the client's prompt, and the negative prompt used when
     * the client sends none) or, when {@code filter} is set, a classical style filter applied to a source picture.
     */
    public record Template(String id, String title, String categoryName, String promptSuffix, String negativePrompt,
            dev.atelier.imaging.stylize.Style filter) {
        /** Whether this template is a classical style filter rather than words for a generator. */
        public boolean isClassical() {
            return filter != null;
        }
    }

    /** A legacy style: a 64-bit id and the template it stands for. */
    public record Style(long id, String title, String template) {}

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
            String filterId = t.path("filter").asString(null);
            dev.atelier.imaging.stylize.Style filter = filterId == null ? null
                    : java.util.Arrays.stream(dev.atelier.imaging.stylize.Style.values())
                            .filter(f -> f.id().equals(filterId)).findFirst()
                            .orElseThrow(() -> new IllegalStateException("template " + t.path("id").asString()
                                    + " names unknown filter " + filterId));
            Template template = new Template(t.path("id").asString(), t.path("title").asString(),
                    t.path("category_name").asString(), t.path("prompt_suffix").asString(null),
                    t.path("negative_prompt").asString(null), filter);
            if (templates.put(template.id(), template) != null) {
                throw new IllegalStateException("template " + template.id() + " is listed twice");
            }
        }
        Map<Long, StyleGroup> groups = new LinkedHashMap<>();
        for (JsonNode g : root.path("style_groups")) {
            List<Style> styles = new ArrayList<>();
            for (JsonNode s : g.path("styles")) {
                Style style = new Style(s.path("id").asLong(), s.path("title").asString(),
                        s.path("template").asString());
                if (!templates.containsKey(style.template()) || templates.get(style.template()).isClassical()) {
                    throw new IllegalStateException("style " + style.id() + " names no prompt template: "
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

    /** The prompt templates: what text-to-image offers. */
    public List<Template> templates() {
        return templates.values().stream().filter(t -> !t.isClassical()).toList();
    }

    /** What image-to-image offers: the classical filters first, then the prompt templates. */
    public List<Template> imageTemplates() {
        List<Template> all = new ArrayList<>(templates.values().stream().filter(Template::isClassical).toList());
        all.addAll(templates());
        return List.copyOf(all);
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
