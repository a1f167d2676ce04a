package dev.atelier.engines.routing;

import java.time.Instant;

/**
 * What the router has measured about one provider, for admin pages and metrics.
 *
 * @param provider provider name
 * @param circuit circuit breaker state
 * @param consecutiveFailures failures since the last success
 * @param latencyMillis moving average of successful call latency, or {@code null} before the first success
 * @param successRate moving average of outcomes (1 = always succeeds)
 * @param calls calls made through the router
 * @param throttledUntil when a {@code Retry-After} ends, or {@code null}
 */
public record ProviderStats(String provider, CircuitState circuit, int consecutiveFailures, Double latencyMillis,
        double successRate, long calls, Instant throttledUntil) {}
