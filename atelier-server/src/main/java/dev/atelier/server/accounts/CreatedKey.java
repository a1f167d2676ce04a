package dev.atelier.server.accounts;

/**
 * What creating a key shows its owner once: the API key itself is not stored, only its hash.
 *
 * @param publicKey the RSA public key (X.509, Base64) legacy clients use as their "secret key"
 */
public record CreatedKey(String name, String apiKey, String clientId, String publicKey) {}
