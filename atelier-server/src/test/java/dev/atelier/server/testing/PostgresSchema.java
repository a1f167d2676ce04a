package dev.atelier.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A fresh schema in the test PostgreSQL ({@code ATELIER_TEST_PG_URL}, else a local server on 5432), for nodes that
 * must share one database: {@link #url} points a node at it. Skips the test when no server answers, unless
 * {@code ATELIER_REQUIRE_PG=1} makes that a failure. Close it to drop the schema.
 */
public final class PostgresSchema implements AutoCloseable {
    private static final String BASE = Optional.ofNullable(System.getenv("ATELIER_TEST_PG_URL"))
            .filter(u -> !u.isBlank()).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private final String schema;

    private PostgresSchema(String schema) {
        this.schema = schema;
    }

    public static PostgresSchema create() {
        String schema = "atelier_nodes_" + Long.toHexString(new SplittableRandom().nextLong() & Long.MAX_VALUE);
        try (var c = DriverManager.getConnection(BASE); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL at " + BASE + " is not reachable (" + e.getMessage() + ")";
            if ("1".equals(System.getenv("ATELIER_REQUIRE_PG"))) {
                fail(why + " but ATELIER_REQUIRE_PG=1");
            }
            assumeTrue(false, why + ": skipping");
        }
        return new PostgresSchema(schema);
    }

    /** The JDBC URL of this schema (for {@code ATELIER_DB_URL}). */
    public String url() {
        return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() {
        try (var c = DriverManager.getConnection(BASE); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
