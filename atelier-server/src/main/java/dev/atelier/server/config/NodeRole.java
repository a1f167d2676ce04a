package dev.atelier.server.config;

import java.util.Locale;

/**
 * What one node of a deployment does ({@code ATELIER_ROLE}, {@code atelier serve --role}): {@code api} nodes answer
 * HTTP and run no workers; {@code worker} nodes run the workers and the background jobs (maintenance, retention,
 * webhook delivery) and answer only {@code /healthz}, {@code /readyz} and {@code /metrics}; {@code all} does both,
 * as a single machine does. The roles meet only in the shared database and blob store.
 */
public enum NodeRole {
    API, WORKER, ALL;

    public static NodeRole from(SettingsSource s) {
        String v = s.string("ATELIER_ROLE", "all").trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("ATELIER_ROLE must be api, worker or all, got '" + v.toLowerCase(Locale.ROOT)
                    + "'");
        }
    }

    public boolean servesApi() {
        return this != WORKER;
    }

    public boolean runsWorkers() {
        return this != API;
    }

    /**
     * Refuses a split role on an embedded database: SQLite lives in one process's data directory, so a second node
     * could never see the first one's tasks.
     */
    public void checkDatabase(String databaseUrl) {
        if (this != ALL && databaseUrl.startsWith("jdbc:sqlite:")) {
            throw new SettingsException("ATELIER_ROLE=" + name().toLowerCase(Locale.ROOT) + " needs a database "
                    + "shared by every node, but ATELIER_DB_URL is SQLite, which serves one process; set "
                    + "ATELIER_DB_URL=jdbc:postgresql://host/db?user=… (or use ATELIER_ROLE=all on one machine)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
