package dev.atelier.server.ops;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Snowflake-style request ids for the {@code x-request-id} header (CONTRACTS A.8): milliseconds since 2020 in the
 * high bits, a per-node sequence in the low 22, so ids are unique per node and sort by time.
 */
public final class RequestIds {
    private static final long EPOCH_2020 = 1_577_836_800_000L;
    private final AtomicLong last = new AtomicLong();

    public long next() {
        long candidate = (System.currentTimeMillis() - EPOCH_2020) << 22;
        return last.updateAndGet(prev -> Math.max(prev + 1, candidate));
    }
}
