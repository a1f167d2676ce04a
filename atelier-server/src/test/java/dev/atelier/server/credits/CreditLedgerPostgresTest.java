package dev.atelier.server.credits;

import dev.atelier.server.store.Database;
import dev.atelier.server.testing.PostgresDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger contract on PostgreSQL (same rules as the store contract: skipped when none answers). */
class CreditLedgerPostgresTest extends CreditLedgerContract {
    @RegisterExtension
    final PostgresDatabases pg = new PostgresDatabases();

    @Override
    Database openFreshDatabase() {
        return pg.open();
    }
}
