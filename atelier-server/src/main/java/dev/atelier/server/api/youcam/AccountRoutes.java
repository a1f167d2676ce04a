package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.credits.Balance;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.FeatureCosts;
import dev.atelier.server.credits.Grant;
import dev.atelier.server.credits.HistoryEntry;
import dev.atelier.server.credits.Units;
import dev.atelier.server.json.Json;
import dev.atelier.server.tasks.TaskService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Account routes of the YouCam API (CONTRACTS A.7): the unit balance and its history, the price list, and
 * {@code task/delete}. The {@code /s2s/v1.0/client/...} routes answer in the contract's legacy shapes; the
 * {@code /s2s/v2.0/client/...} routes give the same information in the v2 envelope ({@code data}). Either token kind
 * works on all of them.
 */
public final class AccountRoutes {
    private final Credentials credentials;
    private final CreditLedger ledger;
    private final FeatureCosts costs;
    private final TaskService tasks;
    private final InstantSource clock;
    private final java.util.function.Supplier<String> baseUrl;

    /** @param baseUrl the public base URL, for the {@code run_task_url}s of the price list */
    public AccountRoutes(Credentials credentials, CreditLedger ledger, FeatureCosts costs, TaskService tasks,
            InstantSource clock, java.util.function.Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.ledger = ledger;
        this.costs = costs;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Installs the routes; must run before {@link YouCamApi#install} because {@code task/delete} is more specific. */
    public void install(RoutesConfig routes) {
        routes.get("/s2s/v1.0/client/credit", ctx -> credit(ctx, true));
        routes.get("/s2s/v2.0/client/credit", ctx -> credit(ctx, false));
        routes.get("/s2s/v1.0/client/credit/history", ctx -> history(ctx, true));
        routes.get("/s2s/v2.0/client/credit/history", ctx -> history(ctx, false));
        routes.get("/s2s/v2.0/credit/feature-cost", this::featureCost);
        routes.post("/s2s/v2.0/task/delete", this::delete);
    }

    private Principal principal(Context ctx, boolean legacy) {
        return credentials.authenticate(ctx.header("Authorization"), legacy);
    }

    private void credit(Context ctx, boolean legacy) {
        Principal p = principal(ctx, legacy);
        List<Map<String, Object>> results = new ArrayList<>();
        java.time.Instant now = clock.instant();
        for (Grant g : ledger.grants(p.keyId())) {
            if (g.expiredAt(now) || g.remaining() == 0) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", g.id());
            r.put("type", g.type().wire());
            r.put("amount", Units.whole(g.remaining()));
            r.put("amount_dec", Units.decimal(g.remaining()));
            r.put("expiry", g.expiresAt() == null ? null : g.expiresAt().toEpochMilli());
            results.add(r);
        }
        Balance b = ledger.balance(p.keyId());
        Map<String, Object> balance = new LinkedHashMap<>();
        balance.put("available_dec", Units.decimal(b.available()));
        balance.put("reserved_dec", Units.decimal(b.reserved()));
        balance.put("metered", b.metered());
        if (legacy) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 200);
            body.put("results", results); // the contract's shape: no result envelope
            body.put("balance", balance);
            ctx.json(body);
        } else {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("credits", results);
            data.put("balance", balance);
            ctx.json(dev.atelier.server.api.Envelope.v2(data));
        }
    }

    private void history(Context ctx, boolean legacy) {
        Principal p = principal(ctx, legacy);
        int pageSize = pageSize(ctx, 30);
        HistoryEntry.Page page = ledger.history(p.keyId(), pageSize, ctx.queryParam("starting_token"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (HistoryEntry e : page.entries()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", e.id());
            item.put("timestamp", e.at().toEpochMilli());
            item.put("action", e.action());
            item.put("target_id", e.targetId());
            Map<String, Object> info = new LinkedHashMap<>();
            List<Map<String, Object>> credits = new ArrayList<>();
            for (HistoryEntry.Line line : e.lines()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", line.grantId());
                c.put("amount", Units.whole(line.amount()));
                c.put("amount_dec", Units.decimal(line.amount()));
                credits.add(c);
            }
            info.put("credits", credits);
            if (e.feature() != null) {
                info.put("dst_actions", List.of(e.feature()));
            }
            info.put("units_dec", Units.decimal(e.units()));
            item.put("info", info);
            items.add(item);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("next_token", page.nextToken());
        result.put("history", items);
        ctx.json(legacy ? dev.atelier.server.api.Envelope.legacy(result) : dev.atelier.server.api.Envelope.v2(result));
    }

    private void featureCost(Context ctx) {
        principal(ctx, false);
        int pageSize = pageSize(ctx, 20);
        int offset = 0;
        String token = ctx.queryParam("starting_token");
        if (token != null && !token.isBlank()) {
            try {
                offset = Integer.parseInt(new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("starting_token is not a token this server issued");
            }
        }
        List<FeatureCosts.Sku> all = costs.all();
        List<Map<String, Object>> skus = new ArrayList<>();
        String base = baseUrl.get();
        for (int i = offset; i < Math.min(all.size(), offset + pageSize); i++) {
            FeatureCosts.Sku s = all.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("description", s.description());
            m.put("amount", Units.decimal(s.amount()));
            m.put("unit", s.unit());
            m.put("proc_unit", s.procUnit());
            m.put("run_task_url", base + s.runPath());
            m.put("feature", s.feature());
            skus.add(m);
        }
        int next = offset + pageSize;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("next_token", next < all.size()
                ? Base64.getEncoder().withoutPadding().encodeToString(Integer.toString(next).getBytes(StandardCharsets.UTF_8))
                : null);
        result.put("skus", skus);
        ctx.json(dev.atelier.server.api.Envelope.legacy(result));
    }

    private void delete(Context ctx) {
        Principal p = principal(ctx, false);
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? null : Json.MAPPER.readTree(ctx.body());
        } catch (JacksonException e) {
            throw Refusal.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode id = body == null ? null : body.get("task_id");
        if (id == null || !id.isString() || id.asString().isBlank()) {
            throw Refusal.invalid("task_id is required");
        }
        tasks.delete(p, id.asString());
        ctx.json(Map.of("status", 200));
    }

    private static int pageSize(Context ctx, int max) {
        String v = ctx.queryParam("page_size");
        if (v == null || v.isBlank()) {
            return Math.min(20, max);
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Refusal.invalid("page_size must be 1.." + max);
    }
}
