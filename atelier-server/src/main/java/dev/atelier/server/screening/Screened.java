package dev.atelier.server.screening;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.ProbedInputs;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An effect that is another one plus screening: everything but running is the wrapped effect's. */
abstract class Screened<E extends Effect> implements Effect {
    final E effect;
    final ContentScreen screen;

    Screened(E effect, ContentScreen screen) {
        this.effect = effect;
        this.screen = screen;
    }

    @Override
    public EffectSpec spec() {
        return effect.spec();
    }

    @Override
    public Availability availability() {
        return effect.availability();
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return effect.validateParams(params);
    }

    @Override
    public List<ParamSpec> parameters() {
        return effect.parameters();
    }

    @Override
    public Set<String> fieldNames() {
        return effect.fieldNames();
    }

    @Override
    public List<Engine> engines() {
        return effect.engines();
    }

    @Override
    public List<String> paths() {
        return effect.paths();
    }

    @Override
    public int outputQuality(Map<String, Object> params) {
        return effect.outputQuality(params);
    }

    @Override
    public void checkProbed(ProbedInputs inputs, Map<String, Object> params) {
        effect.checkProbed(inputs, params);
    }

    @Override
    public long workingMemory(ProbedInputs inputs, Map<String, Object> params) {
        return effect.workingMemory(inputs, params);
    }

    @Override
    public Metering metering() {
        return effect.metering();
    }
}
