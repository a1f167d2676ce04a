package dev.atelier.server.localengines;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.EngineKind;
import java.util.List;

/**
 * An engine that hands each run to a {@link Preference}'s choice: always available (its fallback is a classical
 * engine), listed as the engines it picks from.
 */
abstract class PreferredEngine<E extends Engine> implements Engine {
    protected final Preference<E> preference;
    private final String id;

    PreferredEngine(String id, List<E> models, E classical) {
        this.id = id;
        this.preference = new Preference<>(models, classical);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final EngineKind kind() {
        return EngineKind.CLASSICAL;
    }

    @Override
    public final Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public final List<Engine> members() {
        return preference.members();
    }
}
