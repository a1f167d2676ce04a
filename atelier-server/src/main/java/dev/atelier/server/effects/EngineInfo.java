package dev.atelier.server.effects;

import dev.atelier.engines.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** The result metadata that says which engine made an output (so nothing happens silently). */
public final class EngineInfo {
    private EngineInfo() {}

    /**
     * {@code engine}, {@code engine_kind}, then what the engine itself reported (model, device, notes); an engine
     * that picked another to do the work reports that one's {@code engine} and {@code engine_kind}, which win.
     */
    public static Map<String, Object> of(Engine engine, Map<String, String> reported) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", engine.id());
        m.put("engine_kind", engine.kind().wireName());
        m.putAll(reported);
        return m;
    }

    public static Map<String, Object> of(Engine engine) {
        return of(engine, Map.of());
    }
}
