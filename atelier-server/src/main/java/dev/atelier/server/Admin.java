package dev.atelier.server;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.CreatedKey;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.KeyStore;
import dev.atelier.server.config.Settings;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiKeyStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Administration without a running server: the CLI opens the same database and secret the server uses (SQLite in
 * WAL mode allows this while a server runs) to manage keys.
 */
public final class Admin implements AutoCloseable {
    private final Database database;
    private final KeyStore keys;
    private final Credentials credentials;

    private Admin(Settings settings) {
        this.database = Database.open(settings.databaseUrl(), null);
        this.keys = new JdbiKeyStore(database);
        ServerSecret secret = ServerSecret.load(settings.secret(), settings.previousSecrets(), settings.dataDir());
        this.credentials = new Credentials(keys, secret, InstantSource.system(), settings.accessTokenTtl(),
                settings.authClockSkew());
    }

    public static Admin open(Settings settings) {
        return new Admin(settings);
    }

    public CreatedKey createKey(String name, Instant expiresAt) {
        return credentials.create(name, expiresAt);
    }

    public List<ApiKey> keys() {
        return keys.list();
    }

    @Override
    public void close() {
        database.close();
    }
}
