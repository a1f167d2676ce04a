package dev.atelier.server.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The store contract on PostgreSQL at {@code ATELIER_TEST_PG_URL} (set by {@code .ci/run}), else at a local server
 * on the default port if one answers. Each test gets its own schema, dropped afterwards. Without a reachable server
 * the tests skip, unless {@code ATELIER_REQUIRE_PG=1} makes that a failure.
 */
class PostgresStoreTest extends StoreContractTest {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String URL = Optional.ofNullable(System.getenv("ATELIER_TEST_PG_URL"))
            .filter(u -> !u.isBlank()).orElse(DEFAULT_URL);
    private static final String UNREACHABLE = probe();
    private String schema;

    /** Null when the server answers, else why not. */
    private static String probe() {
        try (var c = DriverManager.getConnection(URL)) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL at " + URL + " is not reachable (" + e.getMessage() + ")";
        }
    }

    @Override
    Database openFreshDatabase() {
        if (UNREACHABLE != null) {
            if ("1".equals(System.getenv("ATELIER_REQUIRE_PG"))) {
                fail(UNREACHABLE + " but ATELIER_REQUIRE_PG=1");
            }
            assumeTrue(false, UNREACHABLE + ": skipping the PostgreSQL store contract");
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
