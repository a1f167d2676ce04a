package dev.atelier.server.store;

/**
 * The few places where SQLite and PostgreSQL SQL differ. Everything else is one SQL text for both.
 */
public enum Dialect {
    SQLITE("sqlite") {
        @Override
        public String skipLocked() {
            // SQLite has one writer at a time (IMMEDIATE transactions): the claim cannot race, nothing to skip.
            return "";
        }

        @Override
        public boolean serializesWriters() {
            return true;
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        public String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        public boolean serializesWriters() {
            return false;
        }
    };

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The suffix of a claim's sub-select that lets concurrent workers claim different rows (tasks, deliveries). */
    public abstract String skipLocked();

    /** True when a write transaction already excludes every other writer, so no row lock is needed. */
    public abstract boolean serializesWriters();

    /** Flyway location of this dialect's own migrations (beside the common ones). */
    String migrationFolder() {
        return "classpath:db/migration/" + folder;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "unsupported database URL '" + jdbcUrl + "': use jdbc:sqlite:<file> or jdbc:postgresql://host/db");
    }
}
