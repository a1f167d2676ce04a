package dev.atelier.server.effects.face;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectSpec;
import java.util.List;
import java.util.Map;

/**
 * An effect that needs only {@link Faces} (detection and mesh) besides classical code: its table row, the faces'
 * availability and engines, and no parameters unless the subclass reads some. What {@code EngineEffect} is for
 * effects over one engine.
 */
public abstract class FaceEffect implements Effect {
    private final EffectSpec spec;
    protected final Faces faces;

    protected FaceEffect(EffectSpec spec, Faces faces) {
        this.spec = spec;
        this.faces = faces;
    }

    @Override
    public final EffectSpec spec() {
        return spec;
    }

    @Override
    public Availability availability() {
        return faces.availability();
    }

    @Override
    public List<Engine> engines() {
        return faces.engines();
    }

    /** No parameters by default; an effect that has some overrides this. */
    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of();
    }
}
