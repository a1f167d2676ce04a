package dev.atelier.server.ratelimit;

import dev.atelier.server.security.ServerSecret;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies both limits of CONTRACTS D.2 to every API request ({@code /s2s/...} and {@code /v1/...}): one bucket per
 * client address, one per credential (the bearer token, hashed: an access token and the API key behind it count
 * separately, as the legacy document counts per access token). Exceeding either gives 429
 * {@code {"status":429,"error":"Too many requests"}} with {@code Retry-After}; every answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} for the tighter of the two.
 *
 * <p>The credential's bucket is keyed by the token before authentication, so a flood of bad tokens is limited too,
 * and counting needs no database call.
 *
 * <p>Task status polls ({@link StatusPolls}) take from a bucket of their own per address instead: a client polling at
 * the advertised interval must never lose its task to the limits. A poll refused all the same is still passed on as
 * a poll (it proves the client is polling, which is what keeps a task from expiring).
 */
public final class RateLimitFilter {
    private final RateLimiter limiter;
    private final ClientAddress addresses;
    private final RateLimitSettings settings;
    private final StatusPolls polls;

    /** Which requests are task status polls, and what a refused one still counts for; told by the API adapter. */
    public interface StatusPolls {
        StatusPolls NONE = new StatusPolls() {
            @Override
            public boolean isStatusPoll(Context ctx) {
                return false;
            }

            @Override
            public void refused(Context ctx) {
            }
        };

        boolean isStatusPoll(Context ctx);

        /** A status poll the limits refused: record it as a poll all the same. Must not throw. */
        void refused(Context ctx);
    }

    public RateLimitFilter(RateLimiter limiter, ClientAddress addresses, RateLimitSettings settings,
            StatusPolls polls) {
        this.limiter = limiter;
        this.addresses = addresses;
        this.settings = settings;
        this.polls = polls;
    }

    public void install(RoutesConfig routes) {
        routes.before("/s2s/*", this::check);
        routes.before("/v1/*", this::check);
        routes.exception(RateLimitedException.class, (e, ctx) -> {
            if (polls.isStatusPoll(ctx)) {
                polls.refused(ctx);
            }
            headers(ctx, e.decision);
            ctx.header("Retry-After", Long.toString(seconds(e.decision.retryAfter())));
            Map<String, Object> body = new LinkedHashMap<>();
            if (ctx.path().startsWith("/v1/")) { // the OpenAI-compatible API answers in OpenAI's shape, APIpie's code
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", "Too many requests; retry after the Retry-After header's seconds");
                error.put("type", "rate_limit_error");
                error.put("param", null);
                error.put("code", "rate_limit_exceeded");
                body.put("error", error);
                ctx.status(429).json(body);
                return;
            }
            body.put("status", 429);
            body.put("error", "Too many requests");
            ctx.status(429).json(body);
        });
    }

    private void check(Context ctx) {
        String ip = addresses.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        ctx.attribute(ClientAddress.ATTRIBUTE, ip);
        if (!settings.enabled()) {
            return;
        }
        if (polls.isStatusPoll(ctx)) {
            RateLimiter.Decision poll = limiter.consume("poll:" + ip,
                    new RateLimiter.Limit(settings.pollsPerIp(), settings.pollWindow()));
            if (!poll.allowed()) {
                throw new RateLimitedException(poll);
            }
            headers(ctx, poll);
            return;
        }
        RateLimiter.Decision byIp = limiter.consume("ip:" + ip,
                new RateLimiter.Limit(settings.perIp(), settings.ipWindow()));
        if (!byIp.allowed()) {
            throw new RateLimitedException(byIp);
        }
        RateLimiter.Decision tighter = byIp;
        String token = bearer(ctx.header("Authorization"));
        if (token != null) {
            String name = "key:" + ServerSecret.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
            RateLimiter.Decision byKey = limiter.consume(name,
                    new RateLimiter.Limit(settings.perKey(), settings.keyWindow()));
            if (!byKey.allowed()) {
                throw new RateLimitedException(byKey);
            }
            if (byKey.remaining() < byIp.remaining()) {
                tighter = byKey;
            }
        }
        headers(ctx, tighter);
    }

    private static void headers(Context ctx, RateLimiter.Decision d) {
        ctx.header("RateLimit-Limit", Long.toString(d.limit()));
        ctx.header("RateLimit-Remaining", Long.toString(Math.max(0, d.remaining())));
        ctx.header("RateLimit-Reset", Long.toString(seconds(d.reset())));
    }

    private static long seconds(Duration d) {
        long s = (d.toNanos() + 999_999_999L) / 1_000_000_000L;
        return Math.max(1, s);
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header == null || header.isBlank() ? null : header.trim();
        }
        String t = header.substring(7).trim();
        return t.isEmpty() ? null : t;
    }
}
