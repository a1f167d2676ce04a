package dev.atelier.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How requests are retried: on 429 (waiting what {@code Retry-After} says), on 5xx and on connection failures, with
 * exponential backoff and jitter. Every retry of a run keeps its {@code request_id}, so the server returns the task
 * the first attempt created instead of running (and charging) a second one.
 *
 * @param maxAttempts    attempts in all, including the first (1 disables retries)
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff     cap of the exponential wait; keep it well under the server's polling window (10 s) so a
 *                       retried status poll never lets a task expire
 * @param multiplier     growth of the wait per attempt
 * @param maxRetryAfter  a {@code Retry-After} longer than this is not waited for: the 429 is reported instead
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
        Duration maxRetryAfter) {

    /** Validates the values. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
    }

    /** 5 attempts, 250 ms doubling up to 4 s (about 4 s of waiting in all), {@code Retry-After} up to 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(4), 2.0, Duration.ofSeconds(60));
    }

    /** No retries: every failure is reported at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, Duration.ZERO);
    }

    /** The wait before attempt {@code attempt + 1} after {@code attempt} failed: exponential, with ±25 % jitter. */
    Duration backoff(int attempt) {
        double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxBackoff.toNanos());
        double jittered = capped * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos((long) Math.min(jittered, maxBackoff.toNanos()));
    }
}
