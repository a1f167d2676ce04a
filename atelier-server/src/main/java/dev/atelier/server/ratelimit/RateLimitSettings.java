package dev.atelier.server.ratelimit;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of the rate limits. Defaults are the legacy document's (CONTRACTS D.2): 100 requests per 5 minutes per
 * client address, 100 per minute per credential.
 *
 * @param enabled        false turns both limits off
 * @param perIp          requests per {@code ipWindow} from one client address
 * @param perKey         requests per {@code keyWindow} with one credential (API key or access token)
 * @param trustedProxies addresses and CIDRs of proxies whose {@code X-Forwarded-For} is believed; empty: none
 */
public record RateLimitSettings(boolean enabled, int perIp, Duration ipWindow, int perKey, Duration keyWindow,
        List<String> trustedProxies) {

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
                Arrays.stream(s.string("ATELIER_TRUSTED_PROXIES", "").split(",")).map(String::trim)
                        .filter(v -> !v.isEmpty()).toList());
        if (r.perIp < 1 || r.perKey < 1) {
            throw new SettingsException("ATELIER_RATE_LIMIT_PER_IP and ATELIER_RATE_LIMIT_PER_KEY must be at least 1");
        }
        if (r.ipWindow.isZero() || r.keyWindow.isZero()) {
            throw new SettingsException("rate limit windows must be longer than zero");
        }
        return r;
    }
}
