package dev.atelier.server.effects;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import java.util.List;
import java.util.Map;

/**
 * An effect served by one engine: its table row, its availability (the engine's), and no parameters unless the
 * subclass reads some. Most effects are this plus a {@code run}.
 */
public abstract class EngineEffect<E extends Engine> implements Effect {
    private final EffectSpec spec;
    protected final E engine;

    protected EngineEffect(EffectSpec spec, E engine) {
        this.spec = spec;
        this.engine = engine;
    }

    @Override
    public final EffectSpec spec() {
        return spec;
    }

    @Override
    public Availability availability() {
        return engine.availability();
    }

    @Override
    public List<Engine> engines() {
        return engine.members();
    }

    /** No parameters by default; an effect that has some overrides this. */
    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of();
    }
}
