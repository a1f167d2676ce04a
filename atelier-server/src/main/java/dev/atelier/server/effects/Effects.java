package dev.atelier.server.effects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effect table: every feature the server offers, looked up by canonical id, legacy slug or v2 path.
 */
public final class Effects {
    private final Map<String, Effect> byFeature = new LinkedHashMap<>();
    private final Map<String, Effect> byLegacySlug = new LinkedHashMap<>();
    private final Map<String, Effect> byV2Path = new LinkedHashMap<>();

    public Effects(List<Effect> effects) {
        for (Effect e : effects) {
            EffectSpec s = e.spec();
            put(byFeature, s.feature(), e);
            s.legacySlugs().forEach(slug -> put(byLegacySlug, slug, e));
            s.v2Paths().forEach(path -> put(byV2Path, path, e));
        }
    }

    private static void put(Map<String, Effect> map, String key, Effect e) {
        if (map.putIfAbsent(key, e) != null) {
            throw new IllegalStateException("two effects claim '" + key + "'");
        }
    }

    public List<Effect> all() {
        return List.copyOf(byFeature.values());
    }

    public Optional<Effect> byFeature(String feature) {
        return Optional.ofNullable(byFeature.get(feature));
    }

    public Optional<Effect> byLegacySlug(String slug) {
        return Optional.ofNullable(byLegacySlug.get(slug));
    }

    /** By the path after {@code /s2s/}, e.g. {@code v2.0/task/enhance}. */
    public Optional<Effect> byV2Path(String path) {
        return Optional.ofNullable(byV2Path.get(path));
    }

    public Map<String, Effect> v2Paths() {
        return Map.copyOf(byV2Path);
    }

    public Map<String, Effect> legacySlugs() {
        return Map.copyOf(byLegacySlug);
    }
}
