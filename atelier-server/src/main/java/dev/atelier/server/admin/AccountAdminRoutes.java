package dev.atelier.server.admin;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.CreatedKey;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.DuplicateKeyNameException;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.accounts.KeyStore;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.credits.Balance;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.Grant;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.credits.Units;
import dev.atelier.server.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Keys and their units for operators, over HTTP: what {@code atelier keys} and {@code atelier credits} do on the
 * database host, for deployments where the operator only reaches the API. API keys are shown once, at creation.
 */
public final class AccountAdminRoutes {
    private final Credentials credentials;
    private final KeyStore keys;
    private final CreditLedger ledger;
    private final InstantSource clock;

    public AccountAdminRoutes(Credentials credentials, KeyStore keys, CreditLedger ledger, InstantSource clock) {
        this.credentials = credentials;
        this.keys = keys;
        this.ledger = ledger;
        this.clock = clock;
    }

    public void install(RoutesConfig routes) {
        routes.get("/admin/v1/keys", this::list);
        routes.post("/admin/v1/keys", this::create);
        routes.post("/admin/v1/keys/{name}/status", this::status);
        routes.get("/admin/v1/keys/{name}/credits", this::credits);
        routes.post("/admin/v1/keys/{name}/credits", this::grant);
    }

    private void list(Context ctx) {
        ctx.json(Map.of("status", 200, "data", Map.of("keys", keys.list().stream().map(ApiKey::wire)
                .toList())));
    }

    private void create(Context ctx) {
        JsonNode body = body(ctx);
        Instant expiresAt = instant(body, "expires_at");
        CreatedKey created;
        try {
            created = credentials.create(text(body, "name", true), expiresAt);
        } catch (DuplicateKeyNameException e) {
            throw Refusal.invalid("a key named '" + text(body, "name", true) + "' exists already");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", created.name());
        data.put("api_key", created.apiKey());
        data.put("client_id", created.clientId());
        data.put("public_key", created.publicKey());
        ctx.json(Map.of("status", 200, "data", data));
    }

    private void status(Context ctx) {
        ApiKey key = key(ctx);
        String wanted = text(body(ctx), "status", true);
        KeyStatus status = switch (wanted) {
            case "active" -> KeyStatus.ACTIVE;
            case "inactive" -> KeyStatus.INACTIVE;
            default -> throw Refusal.invalid("status must be active or inactive");
        };
        keys.setStatus(key.id(), status);
        ctx.json(Map.of("status", 200, "data", keys.byId(key.id()).orElseThrow().wire()));
    }

    private void credits(Context ctx) {
        ApiKey key = key(ctx);
        ctx.json(Map.of("status", 200, "data", account(key)));
    }

    private void grant(Context ctx) {
        ApiKey key = key(ctx);
        JsonNode body = body(ctx);
        JsonNode amountNode = body.get("amount");
        if (amountNode == null || !(amountNode.isNumber() || amountNode.isString())) {
            throw Refusal.invalid("amount is required: units, at most two decimals (e.g. 50 or \"2.5\")");
        }
        long amount;
        try {
            amount = Units.parse(amountNode.isNumber() ? amountNode.decimalValue().toPlainString() : amountNode.asString());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("amount: " + e.getMessage());
        }
        String typeText = text(body, "type", false);
        GrantType type;
        try {
            type = GrantType.parse(typeText == null ? "payg" : typeText);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("type must be payg or subscription");
        }
        Instant expiresAt = instant(body, "expires_at");
        Grant g;
        try {
            g = ledger.grant(key.id(), amount, type, expiresAt, "admin api");
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
        }
        Map<String, Object> data = account(key);
        data.put("grant", g.wire());
        ctx.json(Map.of("status", 200, "data", data));
    }

    private Map<String, Object> account(ApiKey key) {
        Balance b = ledger.balance(key.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", key.name());
        m.put("metered", b.metered());
        m.put("available", Units.decimal(b.available()));
        m.put("reserved", Units.decimal(b.reserved()));
        m.put("grants", ledger.grants(key.id()).stream().filter(g -> !g.expiredAt(clock.instant())).map(Grant::wire)
                .toList());
        return m;
    }

    private ApiKey key(Context ctx) {
        String name = ctx.pathParam("name");
        return keys.byName(name).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND, "No key named '" + name + "'"));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = Json.MAPPER.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
            if (!n.isObject()) {
                throw Refusal.invalid("the request body must be a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw Refusal.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw Refusal.invalid(field + " is required");
            }
            return null;
        }
        if (!n.isString()) {
            throw Refusal.invalid(field + " must be a string");
        }
        return n.asString();
    }

    private Instant instant(JsonNode body, String field) {
        String s = text(body, field, false);
        if (s == null) {
            return null;
        }
        try {
            Instant at = Instant.parse(s);
            if (!at.isAfter(clock.instant())) {
                throw Refusal.invalid(field + " must be in the future");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }
}
