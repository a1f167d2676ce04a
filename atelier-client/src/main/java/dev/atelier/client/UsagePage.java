package dev.atelier.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One page of {@code GET /v1/usage}.
 *
 * @param records   the settled requests, oldest first
 * @param totals    per feature over the whole range
 * @param hasMore   whether another page follows
 * @param nextAfter what to pass to {@link UsageQuery#page(Long)} for the next page, or null
 */
public record UsagePage(List<Record> records, List<Total> totals, boolean hasMore, Long nextAfter) {

    /**
     * One settled request.
     *
     * @param id        the record's id
     * @param taskId    the task that ran it
     * @param created   when it was submitted
     * @param settled   when it was charged, or null
     * @param feature   the feature, e.g. {@code images-generations} or {@code enhance}
     * @param provider  the upstream provider, or null for local engines
     * @param model     the model, or null
     * @param engine    the engine, or null
     * @param cost      US dollars, or null when unknown
     * @param units     the credits charged
     * @param latencyMs queue plus run time, or null
     * @param imageSize the delivered size, or null
     * @param images    how many images it made
     * @param sourceIp  the client address, or null
     */
    public record Record(long id, String taskId, Instant created, Instant settled, String feature, String provider,
            String model, String engine, Double cost, double units, Long latencyMs, String imageSize, int images,
            String sourceIp) {}

    /**
     * The totals of one feature over the range.
     *
     * @param feature  the feature
     * @param requests how many requests
     * @param units    credits charged
     * @param cost     US dollars (known prices only)
     */
    public record Total(String feature, long requests, double units, double cost) {}

    static UsagePage of(JsonNode body) {
        List<Record> records = new ArrayList<>();
        for (JsonNode r : body.path("data")) {
            Long settled = Json.integer(r, "settled");
            records.add(new Record(r.path("id").asLong(), Json.text(r, "task_id"),
                    Instant.ofEpochSecond(r.path("created").asLong(0)),
                    settled == null ? null : Instant.ofEpochSecond(settled), Json.text(r, "feature"),
                    Json.text(r, "provider"), Json.text(r, "model"), Json.text(r, "engine"), Json.decimal(r, "cost"),
                    r.path("units").asDouble(0), Json.integer(r, "latency_ms"), Json.text(r, "image_size"),
                    r.path("images").asInt(0), Json.text(r, "source_ip")));
        }
        List<Total> totals = new ArrayList<>();
        for (JsonNode t : body.path("totals")) {
            totals.add(new Total(Json.text(t, "feature"), t.path("requests").asLong(0), t.path("units").asDouble(0),
                    t.path("cost").asDouble(0)));
        }
        return new UsagePage(List.copyOf(records), List.copyOf(totals), body.path("has_more").asBoolean(false),
                Json.integer(body, "next_after"));
    }
}
