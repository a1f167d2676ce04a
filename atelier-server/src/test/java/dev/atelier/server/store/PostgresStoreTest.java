package dev.atelier.server.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * The store contract on PostgreSQL, at {@code ATELIER_TEST_PG_URL} (set by {@code .ci/run}). Each test gets its own
 * schema, dropped afterwards. Without the URL the tests skip, unless {@code ATELIER_REQUIRE_PG=1} makes that a failure.
 */
class PostgresStoreTest extends StoreContractTest {
    private static final String URL = System.getenv("ATELIER_TEST_PG_URL");
    private String schema;

    @Override
    Database openFreshDatabase() {
        if (URL == null || URL.isBlank()) {
            if ("1".equals(System.getenv("ATELIER_REQUIRE_PG"))) {
                fail("ATELIER_REQUIRE_PG=1 but ATELIER_TEST_PG_URL is not set");
            }
            assumeTrue(false, "ATELIER_TEST_PG_URL is not set: skipping the PostgreSQL store contract");
        }
        schema = "atelier_test_" + Long.toHexString(new SplittableRandom().nextLong() & Long.MAX_VALUE);
        return Database.open(URL, schema);
    }

    @Override
    void dropDatabase() {
        if (schema == null) {
            return;
        }
        try (var c = DriverManager.getConnection(URL); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
