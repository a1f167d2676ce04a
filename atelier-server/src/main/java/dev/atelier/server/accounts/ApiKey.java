package dev.atelier.server.accounts;

import java.time.Instant;

/**
 * One credential as stored: the hashed API key, the legacy client id and RSA key pair, and its state.
 *
 * @param expiresAt null when the key never expires
 */
public record ApiKey(
        String id,
        String name,
        String apiKeyHash,
        String apiKeyHint,
        String clientId,
        String publicKey,
        String privateKeySealed,
        KeyStatus status,
        Instant createdAt,
        Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
