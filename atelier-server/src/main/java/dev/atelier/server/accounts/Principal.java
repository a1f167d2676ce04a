package dev.atelier.server.accounts;

/** Who made a request: the key, and which kind of bearer token proved it. */
public record Principal(ApiKey key, CredentialKind kind) {
    public String keyId() {
        return key.id();
    }

    public enum CredentialKind {
        API_KEY,
        ACCESS_TOKEN
    }
}
