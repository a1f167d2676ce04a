package dev.atelier.server.ratelimit;

import java.time.Duration;

/**
 * Token buckets by name. One node keeps them in memory ({@link LocalRateLimiter}); a scaled deployment backs the
 * same interface with shared storage (Bucket4j's Redis integration) so every node counts against one bucket.
 */
public interface RateLimiter extends AutoCloseable {
    /** {@code capacity} requests per {@code window}; the whole window's allowance comes back at once. */
    record Limit(long capacity, Duration window) {}

    /**
     * The outcome of one request against one bucket.
     *
     * @param remaining  requests left in the window after this one
     * @param retryAfter when refused, how long until a request would pass; zero when allowed
     * @param reset      how long until the bucket is full again
     */
    record Decision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration reset) {}

    /** Takes one token from bucket {@code name} (created with {@code limit} on first use). */
    Decision consume(String name, Limit limit);

    /** Releases connections (Redis); in-memory buckets hold none. */
    @Override
    default void close() {}
}
