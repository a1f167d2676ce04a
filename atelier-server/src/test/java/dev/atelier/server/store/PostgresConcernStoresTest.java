package dev.atelier.server.store;

import dev.atelier.server.testing.PostgresDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concerns' stores on PostgreSQL, each test in its own schema (see {@link PostgresDatabases}). */
class PostgresConcernStoresTest extends ConcernStoresContract {
    @RegisterExtension
    final PostgresDatabases pg = new PostgresDatabases();

    @Override
    Database openFreshDatabase() {
        return pg.open();
    }
}
