package dev.atelier.server.store;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.DuplicateKeyNameException;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.accounts.KeyStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** {@link KeyStore} over SQL. */
public final class JdbiKeyStore implements KeyStore {
    private static final String COLUMNS = "id, name, api_key_hash, api_key_hint, client_id, public_key, "
            + "private_key_sealed, status, created_at, expires_at";

    private static final RowMapper<ApiKey> KEY = ConstructorMapper.of(ApiKey.class);

    private final Jdbi jdbi;

    public JdbiKeyStore(Database db) {
        this.jdbi = db.jdbi();
    }

    @Override
    public void insert(ApiKey k) {
        if (byName(k.name()).isPresent()) {
            throw new DuplicateKeyNameException(k.name());
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_keys (" + COLUMNS + ") VALUES ("
                            + SqlValues.parameters(COLUMNS) + ")")
                    .bindMethods(k)
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            // Two creators raced past the name check: the unique index decides.
            if (byName(k.name()).isPresent()) {
                throw new DuplicateKeyNameException(k.name());
            }
            throw e;
        }
    }

    @Override
    public Optional<ApiKey> byId(String id) {
        return one("id", id);
    }

    @Override
    public Optional<ApiKey> byName(String name) {
        return one("name", name);
    }

    @Override
    public Optional<ApiKey> byApiKeyHash(String apiKeyHash) {
        return one("api_key_hash", apiKeyHash);
    }

    @Override
    public Optional<ApiKey> byClientId(String clientId) {
        return one("client_id", clientId);
    }

    private Optional<ApiKey> one(String column, String value) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE " + column + " = :v")
                .bind("v", value)
                .map(KEY)
                .findOne());
    }

    @Override
    public List<ApiKey> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, name")
                .map(KEY)
                .list());
    }

    @Override
    public boolean setStatus(String id, KeyStatus status) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_keys SET status = :s WHERE id = :id")
                .bind("s", status)
                .bind("id", id)
                .execute()) == 1;
    }
}
