/**
 * Rate limits (CONTRACTS D.2): a token bucket per client address and one per credential, both enforced, behind the
 * {@link dev.atelier.server.ratelimit.RateLimiter} interface so a scaled deployment can keep the buckets in Redis.
 * {@link dev.atelier.server.ratelimit.ClientAddress} decides who the client is (the socket's peer, or the
 * {@code X-Forwarded-For} entry a trusted proxy vouches for) and {@link dev.atelier.server.ratelimit.RateLimitFilter}
 * applies both limits to every API request, answering 429 with {@code Retry-After} and the {@code RateLimit-*}
 * headers.
 */
package dev.atelier.server.ratelimit;
