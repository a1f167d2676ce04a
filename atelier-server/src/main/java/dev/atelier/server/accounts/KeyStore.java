package dev.atelier.server.accounts;

import java.util.List;
import java.util.Optional;

/** Persistence of {@link ApiKey}s. */
public interface KeyStore {
    /** Stores a new key; fails with {@link DuplicateKeyNameException} when the name is taken. */
    void insert(ApiKey key);

    Optional<ApiKey> byId(String id);

    Optional<ApiKey> byName(String name);

    Optional<ApiKey> byApiKeyHash(String apiKeyHash);

    Optional<ApiKey> byClientId(String clientId);

    List<ApiKey> list();

    boolean setStatus(String id, KeyStatus status);
}
