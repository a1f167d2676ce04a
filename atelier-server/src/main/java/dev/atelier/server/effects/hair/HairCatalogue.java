package dev.atelier.server.effects.hair;

import dev.atelier.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The hair template catalogues (CONTRACTS A.4/A.5): for each list ({@code hairstyle}, {@code hair-ext},
 * {@code hair-bang}, {@code hair-vol}, {@code wig}) style groups, each holding templates. A template is reached by
 * its string {@code template_id} (v2) or by {@code style_group_id} + {@code style_ids} (legacy), and carries the
 * words the generator is asked to paint. Read once from {@code hair/hair-templates.json}; immutable.
 */
public final class HairCatalogue {
    static final String RESOURCE = "/hair/hair-templates.json";

    /**
     * A template: {@code keepUsersColor} says whether the person's own hair colour may be kept
     * ({@code hair_color=src}); {@code thumb} is null, no preview pictures are shipped.
     */
    public record Template(String id, long styleId, String title, String categoryName, String prompt,
            Boolean keepUsersColor, String thumb) {}

    /** A style group (legacy) = a category (v2). */
    public record Group(long id, String title, List<Template> templates) {}

    private final Map<String, List<Group>> lists;

    private HairCatalogue(Map<String, List<Group>> lists) {
        this.lists = lists;
    }

    public static HairCatalogue standard() {
        try (InputStream in = HairCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HairCatalogue parse(JsonNode root) {
        Map<String, List<Group>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> list : root.properties()) {
            List<Group> groups = new ArrayList<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (JsonNode g : list.getValue()) {
                List<Template> templates = new ArrayList<>();
                for (JsonNode t : g.path("templates")) {
                    JsonNode keep = t.path("keep_users_color");
                    Template template = new Template(t.path("id").asString(), t.path("style_id").asLong(),
                            t.path("title").asString(), g.path("title").asString(), t.path("prompt").asString(),
                            keep.isBoolean() ? keep.asBoolean() : null, null);
                    if (!ids.add(template.id())) {
                        throw new IllegalStateException("hair template " + template.id() + " is listed twice");
                    }
                    templates.add(template);
                }
                groups.add(new Group(g.path("id").asLong(), g.path("title").asString(), List.copyOf(templates)));
            }
            lists.put(list.getKey(), List.copyOf(groups));
        }
        return new HairCatalogue(Collections.unmodifiableMap(lists));
    }

    /** The names of the lists, e.g. {@code hairstyle}. */
    public java.util.Set<String> lists() {
        return lists.keySet();
    }

    public List<Group> groups(String list) {
        return lists.getOrDefault(list, List.of());
    }

    /** Every template of a list, group after group. */
    public List<Template> templates(String list) {
        return groups(list).stream().flatMap(g -> g.templates().stream()).toList();
    }

    public Optional<Template> template(String list, String id) {
        return templates(list).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<Group> group(String list, long id) {
        return groups(list).stream().filter(g -> g.id() == id).findFirst();
    }
}
