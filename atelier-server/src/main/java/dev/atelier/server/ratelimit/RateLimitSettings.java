package dev.atelier.server.ratelimit;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the rate limits. Defaults are the legacy document's (CONTRACTS D.2): 100 requests per 5 minutes per
 * client address, 100 per minute per credential. Task status polls are counted apart, 300 per minute per address (the
 * public YouCam API's 5 per second), so the documented one-second polling loop never runs out (docs/decisions.md).
 *
 * @param enabled        false turns both limits off
 * @param perIp          requests per {@code ipWindow} from one client address
 * @param perKey         requests per {@code keyWindow} with one credential (API key or access token)
 * @param pollsPerIp     task status polls per {@code pollWindow} from one client address (they count in no other
 *                       bucket)
 * @param trustedProxies addresses and CIDRs of proxies whose {@code X-Forwarded-For} is believed; empty: none
 * @param redisUrl       Redis shared by every node ({@code redis://host:6379}); empty: buckets in this node's memory
 * @param redisKeyPrefix prepended to the Redis keys, so deployments can share one Redis
 */
public record RateLimitSettings(boolean enabled, int perIp, Duration ipWindow, int perKey, Duration keyWindow,
        int pollsPerIp, Duration pollWindow, List<String> trustedProxies, Optional<String> redisUrl, String redisKeyPrefix) {
    /** Buckets one node keeps in memory at most (least recently used dropped first). */
    private static final int MAX_LOCAL_BUCKETS = 100_000;

    public RateLimitSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static RateLimitSettings from(SettingsSource s) {
        RateLimitSettings r = new RateLimitSettings(
                s.bool("ATELIER_RATE_LIMIT_ENABLED", true),
                s.integer("ATELIER_RATE_LIMIT_PER_IP", 100),
                s.duration("ATELIER_RATE_LIMIT_IP_WINDOW", Duration.ofMinutes(5)),
                s.integer("ATELIER_RATE_LIMIT_PER_KEY", 100),
                s.duration("ATELIER_RATE_LIMIT_KEY_WINDOW", Duration.ofMinutes(1)),
                s.integer("ATELIER_RATE_LIMIT_POLLS_PER_IP", 300),
                s.duration("ATELIER_RATE_LIMIT_POLL_WINDOW", Duration.ofMinutes(1)),
                Arrays.stream(s.string("ATELIER_TRUSTED_PROXIES", "").split(",")).map(String::trim)
                        .filter(v -> !v.isEmpty()).toList(),
                s.get("ATELIER_REDIS_URL").map(String::trim).filter(v -> !v.isEmpty()),
                s.string("ATELIER_REDIS_KEY_PREFIX", "atelier:"));
        if (r.perIp < 1 || r.perKey < 1 || r.pollsPerIp < 1) {
            throw new SettingsException("ATELIER_RATE_LIMIT_PER_IP, ATELIER_RATE_LIMIT_PER_KEY and"
                    + " ATELIER_RATE_LIMIT_POLLS_PER_IP must be at least 1");
        }
        if (r.ipWindow.isZero() || r.keyWindow.isZero() || r.pollWindow.isZero()) {
            throw new SettingsException("rate limit windows must be longer than zero");
        }
        return r;
    }

    /** The buckets: in Redis when {@code ATELIER_REDIS_URL} is set (checked now), else in this node's memory. */
    public RateLimiter limiter(InstantSource clock) {
        return redisUrl.<RateLimiter>map(url -> RedisRateLimiter.connect(url, redisKeyPrefix, clock, MAX_LOCAL_BUCKETS))
                .orElseGet(() -> new LocalRateLimiter(clock, MAX_LOCAL_BUCKETS));
    }
}
