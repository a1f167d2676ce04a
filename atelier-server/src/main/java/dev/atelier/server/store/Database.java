package dev.atelier.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQL database behind every store: a pooled connection source, migrated by Flyway on open.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(pool);
        SqlValues.register(jdbi);
    }

    /**
     * Opens (creating when needed) and migrates the database at {@code jdbcUrl}.
     *
     * @param schema PostgreSQL schema to use (created when missing), or null for the default; tests isolate with it
     */
    public static Database open(String jdbcUrl, String schema) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("atelier-db");
        config.setConnectionTimeout(10_000);
        switch (dialect) {
            case SQLITE -> {
                createParentDirectory(jdbcUrl);
                SQLiteConfig sqlite = new SQLiteConfig();
                sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
                sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
                sqlite.setBusyTimeout(10_000);
                sqlite.enforceForeignKeys(true);
                // Writers take the lock up front: no deadlock from two readers upgrading at once.
                sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                SQLiteDataSource ds = new SQLiteDataSource(sqlite);
                ds.setUrl(jdbcUrl);
                config.setDataSource(ds);
                config.setMaximumPoolSize(4);
            }
            case POSTGRESQL -> {
                config.setJdbcUrl(jdbcUrl);
                config.setMaximumPoolSize(10);
                if (schema != null) {
                    config.setSchema(schema);
                    createSchema(jdbcUrl, schema);
                }
            }
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, dialect, schema);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        log.info("database ready: {} ({})", redact(jdbcUrl), dialect);
        return new Database(pool, dialect);
    }

    private static void migrate(DataSource ds, Dialect dialect, String schema) {
        var flyway = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", dialect.migrationFolder())
                .failOnMissingLocations(false);
        if (schema != null && dialect == Dialect.POSTGRESQL) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
    }

    private static void createSchema(String jdbcUrl, String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("schema name must be lower-case identifier: " + schema);
        }
        try (var c = java.sql.DriverManager.getConnection(jdbcUrl); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) {
            file = file.substring(0, q);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        try {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database directory for " + file + ": " + e, e);
        }
    }

    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        pool.close();
    }
}
