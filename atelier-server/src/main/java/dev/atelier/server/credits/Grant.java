package dev.atelier.server.credits;

import java.time.Instant;

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
}
