package dev.atelier.server.credits;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.server.store.Database;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.SplittableRandom;

/** The ledger contract on PostgreSQL (same rules as the store contract: skipped when none answers). */
class CreditLedgerPostgresTest extends CreditLedgerContract {
    private static final String URL = Optional.ofNullable(System.getenv("ATELIER_TEST_PG_URL"))
            .filter(u -> !u.isBlank()).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private String schema;

    @Override
    Database openFreshDatabase() {
        try (var c = DriverManager.getConnection(URL)) {
            // reachable
        } catch (SQLException e) {
            if ("1".equals(System.getenv("ATELIER_REQUIRE_PG"))) {
                fail("PostgreSQL at " + URL + " is not reachable but ATELIER_REQUIRE_PG=1");
            }
            assumeTrue(false, "PostgreSQL at " + URL + " is not reachable: skipping");
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
