package dev.atelier.server.credits;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Units given to a key.
 *
 * @param amount    hundredths granted
 * @param remaining hundredths neither consumed nor held by a running task
 * @param expiresAt null when the grant never expires
 */
public record Grant(long id, String keyId, GrantType type, long amount, long remaining, Instant acquiredAt,
        Instant expiresAt, String note) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The grant as the CLI and the admin API show it (units as decimals, times as ISO-8601). */
    public Map<String, Object> wire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type.wire());
        m.put("amount", Units.decimal(amount));
        m.put("remaining", Units.decimal(remaining));
        m.put("acquired_at", acquiredAt.toString());
        m.put("expires_at", expiresAt == null ? null : expiresAt.toString());
        return m;
    }
}
