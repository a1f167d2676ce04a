package dev.atelier.server.admin;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.KeyStore;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.json.Json;
import dev.atelier.server.webhooks.CreatedEndpoint;
import dev.atelier.server.webhooks.Delivery;
import dev.atelier.server.webhooks.Endpoint;
import dev.atelier.server.webhooks.Webhooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The admin API for webhook endpoints, for operators (the YouCam API has no such routes: CONTRACTS A.9 configures
 * endpoints in a console), behind {@link dev.atelier.server.admin.AdminAuth}.
 */
public final class WebhookAdminRoutes {
    private final Webhooks webhooks;
    private final KeyStore keys;

    public WebhookAdminRoutes(Webhooks webhooks, KeyStore keys) {
        this.webhooks = webhooks;
        this.keys = keys;
    }

    public void install(RoutesConfig routes) {
        routes.get("/admin/v1/keys/{name}/webhooks", this::list);
        routes.post("/admin/v1/keys/{name}/webhooks", this::add);
        routes.delete("/admin/v1/webhooks/{id}", this::remove);
        routes.get("/admin/v1/webhooks/{id}/deliveries", this::deliveries);
    }

    private ApiKey key(Context ctx) {
        String name = ctx.pathParam("name");
        return keys.byName(name).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND, "No key named '" + name + "'"));
    }

    private void list(Context ctx) {
        ApiKey key = key(ctx);
        ctx.json(Map.of("status", 200, "data", Map.of("endpoints",
                webhooks.list(key.id()).stream().map(WebhookAdminRoutes::endpoint).toList())));
    }

    private void add(Context ctx) {
        ApiKey key = key(ctx);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (JacksonException e) {
            throw Refusal.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode url = body.get("url");
        if (url == null || !url.isString()) {
            throw Refusal.invalid("url is required");
        }
        CreatedEndpoint created = webhooks.add(key.id(), url.asString());
        Map<String, Object> data = endpoint(created.endpoint());
        data.put("secret", created.secret());
        ctx.json(Map.of("status", 200, "data", data));
    }

    private void remove(Context ctx) {
        String id = ctx.pathParam("id");
        if (!webhooks.remove(id)) {
            throw Webhooks.noSuchEndpoint(id);
        }
        ctx.json(Map.of("status", 200));
    }

    private void deliveries(Context ctx) {
        String id = ctx.pathParam("id");
        webhooks.endpoint(id).orElseThrow(() -> Webhooks.noSuchEndpoint(id));
        int limit = 50;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw Refusal.invalid("limit must be 1..500");
            }
            if (limit < 1 || limit > 500) {
                throw Refusal.invalid("limit must be 1..500");
            }
        }
        List<Map<String, Object>> out = webhooks.deliveries(id, limit).stream().map(WebhookAdminRoutes::delivery)
                .toList();
        ctx.json(Map.of("status", 200, "data", Map.of("deliveries", out)));
    }

    static Map<String, Object> endpoint(Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("url", e.url());
        m.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("created_at", e.createdAt().toString());
        m.put("disabled_reason", e.disabledReason());
        return m;
    }

    static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("task_id", d.taskId());
        m.put("state", d.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", d.attempts());
        m.put("next_attempt_at", d.state() == Delivery.State.PENDING ? d.nextAttemptAt().toString() : null);
        m.put("last_status", d.lastStatus());
        m.put("last_error", d.lastError());
        m.put("created_at", d.createdAt().toString());
        m.put("finished_at", d.finishedAt() == null ? null : d.finishedAt().toString());
        return m;
    }
}
