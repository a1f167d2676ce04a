package dev.atelier.server.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link KeyStore} that remembers keys found by API-key hash or id for {@code ttl} (default 1 s), because every
 * request authenticates and a status poll should not cost a database round trip for it.
 *
 * <p>A status change made through this store (revocation by the admin API of this node) is seen at once; one made
 * elsewhere (another node, the CLI) within {@code ttl}. Unknown keys are never remembered, so a guessed key cannot fill
 * the cache, and a key created anywhere works at once.
 */
public final class CachedKeyStore implements KeyStore {
    private static final int MAX_ENTRIES = 10_000;

    private final KeyStore store;
    private final InstantSource clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Cached> byHash = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached> byId = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, Instant loadedAt) {}

    public CachedKeyStore(KeyStore store, InstantSource clock, Duration ttl) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Optional<ApiKey> byApiKeyHash(String apiKeyHash) {
        return cached(byHash, apiKeyHash, () -> store.byApiKeyHash(apiKeyHash));
    }

    @Override
    public Optional<ApiKey> byId(String id) {
        return cached(byId, id, () -> store.byId(id));
    }

    private Optional<ApiKey> cached(ConcurrentHashMap<String, Cached> map, String k, Supplier<Optional<ApiKey>> load) {
        Instant now = clock.instant();
        Cached c = map.get(k);
        if (c != null && Duration.between(c.loadedAt(), now).compareTo(ttl) < 0 && !now.isBefore(c.loadedAt())) {
            return Optional.of(c.key());
        }
        Optional<ApiKey> key = load.get();
        if (key.isPresent()) {
            if (map.size() >= MAX_ENTRIES) {
                map.clear();
            }
            map.put(k, new Cached(key.get(), now));
        } else {
            map.remove(k);
        }
        return key;
    }

    @Override
    public boolean setStatus(String id, KeyStatus status) {
        boolean changed = store.setStatus(id, status);
        byHash.clear();
        byId.clear();
        return changed;
    }

    @Override
    public void insert(ApiKey key) {
        store.insert(key);
    }

    @Override
    public Optional<ApiKey> byName(String name) {
        return store.byName(name);
    }

    @Override
    public Optional<ApiKey> byClientId(String clientId) {
        return store.byClientId(clientId);
    }

    @Override
    public List<ApiKey> list() {
        return store.list();
    }
}
