package dev.atelier.server.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In-memory Bucket4j buckets for one node, at most {@code maxBuckets} of them (least recently used dropped first, so
 * a flood of spoofed names cannot exhaust memory). Time comes from the injected clock, so windows are testable.
 */
public final class LocalRateLimiter implements RateLimiter {
    private final TimeMeter time;
    private final Map<String, Bucket> buckets;

    public LocalRateLimiter(InstantSource clock, int maxBuckets) {
        this.time = new ClockTime(clock);
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxBuckets;
            }
        };
    }

    @Override
    public Decision consume(String name, Limit limit) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(name, n -> Bucket.builder()
                    .addLimit(bandwidth(limit))
                    .withCustomTimePrecision(time)
                    .build());
        }
        return decision(limit, bucket.tryConsumeAndReturnRemaining(1));
    }

    /** The whole window's allowance, refilled at once when the window ends (shared with the Redis buckets). */
    static Bandwidth bandwidth(Limit limit) {
        return Bandwidth.builder().capacity(limit.capacity()).refillIntervally(limit.capacity(), limit.window()).build();
    }

    static Decision decision(Limit limit, ConsumptionProbe probe) {
        return new Decision(probe.isConsumed(), limit.capacity(), probe.getRemainingTokens(),
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()),
                Duration.ofNanos(probe.getNanosToWaitForReset()));
    }
}
