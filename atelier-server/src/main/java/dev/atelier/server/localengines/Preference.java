package dev.atelier.server.localengines;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which engine does the work when a model is preferred but optional: the first preferred engine that is available,
 * else the fallback (a classical engine, always available). The choice is re-made on every run, so installing a
 * model takes effect without a restart, and it is written into the result metadata: {@code engine},
 * {@code engine_kind}, and {@code engine_choice} saying why (with the install command when a model was missing).
 */
final class Preference<E extends Engine> {
    private final List<E> preferred;
    private final E fallback;

    Preference(List<E> preferred, E fallback) {
        this.preferred = List.copyOf(preferred);
        this.fallback = fallback;
    }

    record Choice<E>(E engine, Map<String, String> metadata) {}

    Choice<E> choose() {
        List<String> skipped = new ArrayList<>();
        for (E e : preferred) {
            Availability a = e.availability();
            if (a.isAvailable()) {
                return new Choice<>(e, metadata(e, "preferred model " + e.id() + " is installed"));
            }
            skipped.add(e.id() + " is unavailable (" + a.describe() + ")");
        }
        return new Choice<>(fallback, metadata(fallback, skipped.isEmpty() ? "the only engine"
                : "fell back to " + fallback.id() + ": " + String.join("; ", skipped)));
    }

    /** The fallback only, when the request is one the preferred engines do not serve; {@code why} says so. */
    Choice<E> fallback(String why) {
        return new Choice<>(fallback, metadata(fallback, why));
    }

    List<Engine> members() {
        List<Engine> all = new ArrayList<>(preferred);
        all.add(fallback);
        return List.copyOf(all);
    }

    /** The result metadata: the choice first, then what the engine reported (its own {@code engine} wins). */
    static Map<String, String> merge(Choice<?> choice, Map<String, String> reported) {
        Map<String, String> m = new LinkedHashMap<>(choice.metadata());
        m.putAll(reported);
        return m;
    }

    private static Map<String, String> metadata(Engine e, String why) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("engine", e.id());
        m.put("engine_kind", e.kind().wireName());
        m.put("engine_choice", why);
        return m;
    }
}
