package dev.atelier.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /v1/usage}: this key's settled requests, whichever API submitted them, with totals per feature.
 * {@code client.usage().from(yesterday).limit(500).page()}; {@link #all()} follows the pages.
 */
public final class UsageQuery {
    private final AtelierClient client;
    private Instant from;
    private Instant to;
    private int limit = 100;

    UsageQuery(AtelierClient client) {
        this.client = client;
    }

    /** The start of the range (default: 30 days before its end). */
    public UsageQuery from(Instant start) {
        this.from = Objects.requireNonNull(start, "start");
        return this;
    }

    /** The end of the range, exclusive (default: now). */
    public UsageQuery to(Instant end) {
        this.to = Objects.requireNonNull(end, "end");
        return this;
    }

    /** Records per page, 1..1000 (default 100). */
    public UsageQuery limit(int records) {
        if (records < 1 || records > 1000) {
            throw new IllegalArgumentException("limit must be within 1..1000, got " + records);
        }
        this.limit = records;
        return this;
    }

    /** The first page. */
    public UsagePage page() {
        return page(null);
    }

    /** The page after the one whose {@link UsagePage#nextAfter()} is {@code after}; null for the first page. */
    public UsagePage page(Long after) {
        List<String> q = new ArrayList<>();
        if (from != null) {
            q.add("from=" + from.getEpochSecond());
        }
        if (to != null) {
            q.add("to=" + to.getEpochSecond());
        }
        q.add("limit=" + limit);
        if (after != null) {
            q.add("after=" + URLEncoder.encode(after.toString(), StandardCharsets.UTF_8));
        }
        return UsagePage.of(client.transport().getJson("/v1/usage?" + String.join("&", q),
                Transport.Dialect.OPENAI_READ));
    }

    /** Every record of the range, following the pages. */
    public List<UsagePage.Record> all() {
        List<UsagePage.Record> out = new ArrayList<>();
        UsagePage p = page();
        out.addAll(p.records());
        while (p.hasMore() && p.nextAfter() != null) {
            p = page(p.nextAfter());
            out.addAll(p.records());
        }
        return out;
    }
}
