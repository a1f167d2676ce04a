package dev.atelier.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The calling key's account (CONTRACTS A.7): units left and what changed them, the price of each feature, and
 * deleting finished tasks. Credits and history use the client's family; feature costs and deletion exist on v2 only.
 */
public final class Account {
    private final AtelierClient client;

    Account(AtelierClient client) {
        this.client = client;
    }

    /**
     * One grant of units.
     *
     * @param id        the grant's id
     * @param type      {@code ApiSubsToken} or {@code ApiPaygToken}
     * @param units     units left in it (two decimals)
     * @param expiresAt when it expires, or null when never
     */
    public record Grant(long id, String type, double units, Instant expiresAt) {}

    /**
     * The balance.
     *
     * @param grants    unexpired grants with units left, in the order units are taken from them
     * @param available units available now
     * @param reserved  units held by queued or running tasks
     * @param metered   false when the key runs unlimited (it was never granted units)
     */
    public record Credits(List<Grant> grants, double available, double reserved, boolean metered) {}

    /**
     * One change of the balance.
     *
     * @param id       the entry's id
     * @param at       when it happened
     * @param action   what happened, e.g. {@code grant}, {@code task_settled}
     * @param targetId the task or grant it concerns, or null
     * @param units    units it moved (two decimals), or NaN when the server did not say
     */
    public record HistoryEntry(long id, Instant at, String action, String targetId, double units) {}

    /**
     * A page of history, newest first.
     *
     * @param entries   the changes
     * @param nextToken pass to {@link #creditHistory(int, String)} for the next page; null on the last
     */
    public record HistoryPage(List<HistoryEntry> entries, String nextToken) {}

    /**
     * The price of a feature.
     *
     * @param feature     the feature's id, e.g. {@code enhance}, {@code text-to-image-youcam}
     * @param description what it is
     * @param units       units charged per {@code unit}
     * @param unit        {@code result_image} or {@code second}
     * @param runTaskUrl  the path to run it
     */
    public record FeatureCost(String feature, String description, double units, String unit, String runTaskUrl) {}

    /** The balance and its grants. */
    public Credits credits() {
        boolean legacy = client.family() == ApiFamily.LEGACY;
        JsonNode body = client.transport().getJson(legacy ? "/s2s/v1.0/client/credit" : "/s2s/v2.0/client/credit");
        JsonNode holder = legacy ? body : body.path("data");
        List<Grant> grants = new ArrayList<>();
        for (JsonNode g : holder.path(legacy ? "results" : "credits")) {
            Long expiry = Json.integer(g, "expiry");
            grants.add(new Grant(g.path("id").asLong(), Json.text(g, "type"), g.path("amount_dec").asDouble(),
                    expiry == null ? null : Instant.ofEpochMilli(expiry)));
        }
        JsonNode b = holder.path("balance");
        return new Credits(List.copyOf(grants), b.path("available_dec").asDouble(0),
                b.path("reserved_dec").asDouble(0), b.path("metered").asBoolean(true));
    }

    /** The latest changes of the balance (one page of 20). */
    public HistoryPage creditHistory() {
        return creditHistory(20, null);
    }

    /**
     * A page of the history.
     *
     * @param pageSize      1..30
     * @param startingToken the previous page's {@link HistoryPage#nextToken()}, or null for the newest
     */
    public HistoryPage creditHistory(int pageSize, String startingToken) {
        if (pageSize < 1 || pageSize > 30) {
            throw new IllegalArgumentException("pageSize must be within 1..30, got " + pageSize);
        }
        boolean legacy = client.family() == ApiFamily.LEGACY;
        String path = (legacy ? "/s2s/v1.0/client/credit/history" : "/s2s/v2.0/client/credit/history")
                + "?page_size=" + pageSize + token(startingToken);
        JsonNode page = client.transport().getJson(path).path(legacy ? "result" : "data");
        List<HistoryEntry> entries = new ArrayList<>();
        for (JsonNode e : page.path("history")) {
            Double units = Json.decimal(e.path("info"), "units_dec");
            entries.add(new HistoryEntry(e.path("id").asLong(), Instant.ofEpochMilli(e.path("timestamp").asLong()),
                    Json.text(e, "action"), Json.text(e, "target_id"), units == null ? Double.NaN : units));
        }
        return new HistoryPage(List.copyOf(entries), Json.text(page, "next_token"));
    }

    /** The price of every feature, every page. */
    public List<FeatureCost> featureCosts() {
        List<FeatureCost> out = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = client.transport().getJson("/s2s/v2.0/credit/feature-cost?page_size=20" + token(next))
                    .path("result");
            for (JsonNode s : page.path("skus")) {
                out.add(new FeatureCost(Json.text(s, "feature"), Json.text(s, "description"),
                        s.path("amount").asDouble(), Json.text(s, "unit"), Json.text(s, "run_task_url")));
            }
            next = Json.text(page, "next_token");
        } while (next != null);
        return List.copyOf(out);
    }

    /**
     * Deletes a finished task and its result files: their URLs stop working and later status calls answer
     * {@link ErrorCode#INVALID_TASK_ID}. No refund.
     *
     * @throws RequestException with {@link ErrorCode#OPERATION_INVALID} while the task is queued or running
     */
    public void deleteTask(String taskId) {
        client.transport().postJson("/s2s/v2.0/task/delete",
                Map.of("task_id", GeneratorText.required(taskId, "taskId")), true);
    }

    private static String token(String t) {
        return t == null ? "" : "&starting_token=" + URLEncoder.encode(t, StandardCharsets.UTF_8);
    }
}
