package dev.atelier.server.admin;

import dev.atelier.engines.Engine;
import dev.atelier.engines.models.ModelInfo;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ModelState;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/v1/models}: every model the registry knows, its state on this node, the capability it serves,
 * the features it unlocks, and the command that installs it. Behind the admin token like the rest of
 * {@code /admin/*}.
 */
public final class ModelAdminRoutes {
    private final ModelRegistry registry;
    private final Effects effects;

    public ModelAdminRoutes(ModelRegistry registry, Effects effects) {
        this.registry = registry;
        this.effects = effects;
    }

    public void install(RoutesConfig routes) {
        routes.get("/admin/v1/models", this::list);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelInfo m : registry.list()) {
            Map<String, Object> j = m.wire();
            j.put("features", featuresUsing(m.id()));
            if (m.state() != ModelState.INSTALLED) {
                j.put("install", "./atelier models pull " + m.id() + (m.license().permissive() ? "" : " --accept-license"));
                j.put("detail", m.detail());
            }
            models.add(j);
        }
        ctx.json(dev.atelier.server.api.Envelope.v2(Map.of("models", models)));
    }

    private List<String> featuresUsing(String modelId) {
        List<String> out = new ArrayList<>();
        for (Effect e : effects.all()) {
            for (Engine engine : e.engines()) {
                if (engine.id().equals("onnx:" + modelId)) {
                    out.add(e.spec().feature());
                }
            }
        }
        return out;
    }
}
