package dev.atelier.server.accounts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    /** The key as the CLI and the admin API list it: never the key itself, only its first characters. */
    public Map<String, Object> wire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("client_id", clientId);
        m.put("api_key_hint", apiKeyHint + "…");
        m.put("status", status.name().toLowerCase(Locale.ROOT));
        m.put("created_at", createdAt.toString());
        m.put("expires_at", expiresAt == null ? null : expiresAt.toString());
        return m;
    }
}
