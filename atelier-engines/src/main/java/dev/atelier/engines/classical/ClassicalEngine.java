package dev.atelier.engines.classical;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.EngineKind;

/** What every classical engine shares: pure Java, so always available. */
abstract class ClassicalEngine implements Engine {
    @Override
    public final EngineKind kind() {
        return EngineKind.CLASSICAL;
    }

    @Override
    public final Availability availability() {
        return Availability.AVAILABLE;
    }
}
