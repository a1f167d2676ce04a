package dev.atelier.server.credits;

import dev.atelier.server.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on SQLite. */
class CreditLedgerSqliteTest extends CreditLedgerContract {
    @TempDir
    Path dir;

    @Override
    Database openFreshDatabase() {
        return Database.open("jdbc:sqlite:" + dir.resolve("atelier.db"), null);
    }
}
