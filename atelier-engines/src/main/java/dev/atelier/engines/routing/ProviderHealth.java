package dev.atelier.engines.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * One provider's moving averages, circuit breaker and throttle window. Thread-safe; all time comes from the caller.
 */
final class ProviderHealth {
    private final String provider;
    private final int threshold;
    private final Duration cooldown;
    private final double alpha;

    private CircuitState state = CircuitState.CLOSED;
    private Instant openedAt;
    private boolean trialInFlight;
    private int consecutiveFailures;
    private Double latencyMillis;
    private double successRate = 1.0;
    private long calls;
    private Instant throttledUntil;

    ProviderHealth(String provider, RoutingSettings settings) {
        this.provider = provider;
        this.threshold = settings.failureThreshold();
        this.cooldown = settings.cooldown();
        this.alpha = settings.ewmaAlpha();
    }

    /** Whether a call may go out now; moves an open circuit whose cool-down has passed to half-open. */
    synchronized boolean tryAcquire(Instant now) {
        switch (state) {
            case CLOSED -> {
                return true;
            }
            case OPEN -> {
                if (now.isBefore(openedAt.plus(cooldown))) {
                    return false;
                }
                state = CircuitState.HALF_OPEN;
                trialInFlight = true;
                return true;
            }
            case HALF_OPEN -> {
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }

    synchronized boolean isOpen(Instant now) {
        return state == CircuitState.OPEN && now.isBefore(openedAt.plus(cooldown))
                || state == CircuitState.HALF_OPEN && trialInFlight;
    }

    synchronized void recordSuccess(Duration latency) {
        calls++;
        double ms = latency.toNanos() / 1e6;
        latencyMillis = latencyMillis == null ? ms : alpha * ms + (1 - alpha) * latencyMillis;
        successRate = alpha + (1 - alpha) * successRate;
        consecutiveFailures = 0;
        close();
    }

    /** A failure that says the provider is unwell (timeout, 5xx, 429, connection, auth, quota). */
    synchronized void recordFailure(Instant now) {
        calls++;
        successRate = (1 - alpha) * successRate;
        consecutiveFailures++;
        if (state == CircuitState.HALF_OPEN || consecutiveFailures >= threshold) {
            state = CircuitState.OPEN;
            openedAt = now;
        }
        trialInFlight = false;
    }

    /** The provider answered but refused the request itself (validation, content policy): it is alive. */
    synchronized void recordRefusal() {
        calls++;
        consecutiveFailures = 0;
        close();
    }

    /** Nothing was learnt about the provider (e.g. the call was interrupted); frees a half-open trial slot. */
    synchronized void release() {
        trialInFlight = false;
    }

    private void close() {
        state = CircuitState.CLOSED;
        openedAt = null;
        trialInFlight = false;
    }

    synchronized void throttle(Instant until) {
        if (throttledUntil == null || until.isAfter(throttledUntil)) {
            throttledUntil = until;
        }
    }

    synchronized Instant throttledUntil() {
        return throttledUntil;
    }

    synchronized boolean measured() {
        return latencyMillis != null;
    }

    /** Expected milliseconds per successful call: average latency over success rate. Lower is better. */
    synchronized double expectedCost() {
        return latencyMillis / Math.max(successRate, 0.05);
    }

    synchronized ProviderStats stats() {
        return new ProviderStats(provider, state, consecutiveFailures, latencyMillis, successRate, calls,
                throttledUntil);
    }
}
