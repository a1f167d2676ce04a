package dev.atelier.server.testing;

import dev.atelier.server.store.Database;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one PostgreSQL fixture of the store tests, as a JUnit extension: {@link #open()} gives a fresh migrated
 * {@link Database} in a schema of its own ({@link PostgresSchema}: {@code ATELIER_TEST_PG_URL}, skipped when no server
 * answers unless {@code ATELIER_REQUIRE_PG=1}); every schema a test opened is dropped after it, once the test's own
 * {@code @AfterEach} closed its database.
 *
 * <pre>{@code @RegisterExtension final PostgresDatabases pg = new PostgresDatabases();}</pre>
 */
public final class PostgresDatabases implements AfterEachCallback {
    private final List<PostgresSchema> schemas = new ArrayList<>();

    /** A new, empty, migrated database in its own schema. */
    public Database open() {
        PostgresSchema schema = PostgresSchema.create();
        schemas.add(schema);
        return Database.open(schema.url(), null);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            schemas.forEach(PostgresSchema::close);
        } finally {
            schemas.clear();
        }
    }
}
