package dev.atelier.server.ratelimit;

/** A request refused by a rate limit; the filter's exception handler renders the 429. */
final class RateLimitedException extends RuntimeException {
    final RateLimiter.Decision decision;

    RateLimitedException(RateLimiter.Decision decision) {
        super("Too many requests", null, false, false);
        this.decision = decision;
    }
}
