package dev.atelier.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The concerns' stores on the embedded default: a SQLite file. */
class SqliteConcernStoresTest extends ConcernStoresContract {
    @TempDir
    Path dir;

    @Override
    Database openFreshDatabase() {
        return Database.open("jdbc:sqlite:" + dir.resolve("atelier.db"), null);
    }
}
