package dev.atelier.server.credits;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Numeric ids for grants, history entries and usage records: milliseconds since the epoch above 20 random bits, so
 * they sort by creation (pagination by id is by time) and need no database sequence (SQLite and PostgreSQL alike).
 */
public final class Ids {
    private Ids() {}

    public static long next() {
        return (System.currentTimeMillis() << 20) | ThreadLocalRandom.current().nextInt(1 << 20);
    }
}
