package dev.atelier.server.credits;

import java.time.Instant;
import java.util.List;

/**
 * Usage records: one per settled task, written once, read by time range. This is the whole API usage reports
 * ({@code GET /v1/usage}) need: page through records, or sum them per feature.
 */
public interface UsageStore {
    /** Stores a record; a second record for the same task is ignored (settling is idempotent). */
    void record(UsageRecord record);

    /**
     * Records settled in {@code [from, to)}, oldest first, at most {@code limit}, after the record with id
     * {@code afterId} (0 for the first page).
     *
     * @param keyId one key's records, or null for every key's
     */
    List<UsageRecord> list(String keyId, Instant from, Instant to, long afterId, int limit);

    /** Totals per feature over {@code [from, to)}: task count, units and upstream cost. {@code keyId} null: all. */
    List<Total> totals(String keyId, Instant from, Instant to);

    /** The sum of one feature's records. */
    record Total(String feature, long tasks, long units, long costMicros) {}
}
