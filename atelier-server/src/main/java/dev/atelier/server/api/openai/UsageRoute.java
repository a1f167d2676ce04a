package dev.atelier.server.api.openai;

import dev.atelier.server.accounts.Principal;
import dev.atelier.server.credits.UsageRecord;
import dev.atelier.server.credits.UsageStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/usage}: the caller's settled requests, whichever API submitted them, with totals per feature. */
final class UsageRoute {
    private final UsageStore usage;
    private final InstantSource clock;

    UsageRoute(UsageStore usage, InstantSource clock) {
        this.usage = usage;
        this.clock = clock;
    }

    static final int MAX_USAGE_PAGE = 1000;

    /**
     * The caller's usage records in {@code [from, to)} (epoch seconds or ISO-8601; default the last 30 days), oldest
     * first, {@code limit} per page (1..1000, default 100) after the record {@code after}; with totals per feature.
     */
    void usage(Context ctx, Principal p) {
        java.time.Instant now = clock.instant();
        java.time.Instant to = instant(ctx.queryParam("to"), "to", now.plusSeconds(1));
        java.time.Instant from = instant(ctx.queryParam("from"), "from", to.minus(Duration.ofDays(30)));
        if (!from.isBefore(to)) {
            throw OpenAiException.invalid("from must be before to", "from");
        }
        int limit = (int) queryLong(ctx, "limit", 1, MAX_USAGE_PAGE, 100);
        long after = queryLong(ctx, "after", 0, Long.MAX_VALUE, 0);
        List<UsageRecord> records = usage.list(p.keyId(), from, to, after, limit + 1);
        boolean more = records.size() > limit;
        List<UsageRecord> page = more ? records.subList(0, limit) : records;
        List<Map<String, Object>> data = new ArrayList<>();
        for (UsageRecord r : page) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("object", "usage.record");
            m.put("task_id", r.taskId());
            m.put("created", r.createdAt().getEpochSecond());
            m.put("settled", r.settledAt().getEpochSecond());
            m.put("feature", r.feature());
            m.put("provider", r.provider());
            m.put("model", r.model());
            m.put("engine", r.engine());
            m.put("cost", r.costMicros() == null ? null : r.costMicros() / 1_000_000.0);
            m.put("units", r.units() / 100.0);
            m.put("latency_ms", r.queueMs() == null && r.runMs() == null ? null
                    : (r.queueMs() == null ? 0 : r.queueMs()) + (r.runMs() == null ? 0 : r.runMs()));
            m.put("image_size", r.width() == null || r.height() == null ? null : r.width() + "x" + r.height());
            m.put("images", r.outputs());
            m.put("source_ip", r.sourceIp());
            m.put("status", r.status());
            m.put("error_code", r.errorCode());
            data.add(m);
        }
        List<Map<String, Object>> totals = new ArrayList<>();
        for (UsageStore.Total t : usage.totals(p.keyId(), from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", t.feature());
            m.put("requests", t.tasks());
            m.put("units", t.units() / 100.0);
            m.put("cost", t.costMicros() / 1_000_000.0);
            totals.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("from", from.getEpochSecond());
        body.put("to", to.getEpochSecond());
        body.put("data", data);
        body.put("has_more", more);
        body.put("next_after", more ? page.getLast().id() : null);
        body.put("totals", totals);
        ctx.json(body);
    }

    private static java.time.Instant instant(String text, String param, java.time.Instant dflt) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            return text.matches("\\d{1,12}") ? java.time.Instant.ofEpochSecond(Long.parseLong(text))
                    : java.time.Instant.parse(text);
        } catch (java.time.DateTimeException e) {
            throw OpenAiException.invalid(param + " must be epoch seconds or ISO-8601, got '" + text + "'", param);
        }
    }

    private static long queryLong(Context ctx, String name, long min, long max, long dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw OpenAiException.invalid(name + " must be an integer " + min + ".." + max + ", got '" + v + "'", name);
    }
}
