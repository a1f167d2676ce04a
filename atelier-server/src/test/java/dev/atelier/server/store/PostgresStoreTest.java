package dev.atelier.server.store;

import dev.atelier.server.testing.PostgresDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on PostgreSQL at {@code ATELIER_TEST_PG_URL} (set by {@code .ci/run}), else at a local server
 * on the default port if one answers; each test in its own schema (see {@link PostgresDatabases}).
 */
class PostgresStoreTest extends StoreContractTest {
    @RegisterExtension
    final PostgresDatabases pg = new PostgresDatabases();

    @Override
    Database openFreshDatabase() {
        return pg.open();
    }
}
