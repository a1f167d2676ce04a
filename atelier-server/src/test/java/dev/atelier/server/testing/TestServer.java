package dev.atelier.server.testing;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.accounts.CreatedKey;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Atelier node for tests: its own temporary data directory, SQLite, port 0, a {@link MutableClock}, and an
 * API key created up front. Close it to stop the node and delete the data.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final Map<String, String> settings;
    private AtelierServer server;
    private final MutableClock clock;
    private final CreatedKey key;

    private TestServer(Map<String, String> settings) throws IOException {
        this.dataDir = Files.createTempDirectory("atelier-test-");
        Map<String, String> all = new HashMap<>();
        all.put("ATELIER_DATA", dataDir.toString());
        all.put("ATELIER_PORT", "0");
        all.put("ATELIER_WORKERS", "2");
        all.put("ATELIER_DRAIN_TIMEOUT", "5s");
        all.put("ATELIER_RATE_LIMIT_ENABLED", "false"); // tests of the limits turn them on
        all.putAll(settings);
        this.settings = Map.copyOf(all);
        this.clock = new MutableClock(Instant.now());
        this.server = AtelierServer.start(Settings.from(SettingsSource.of(all)), clock);
        try {
            this.key = createTestKey(server, dataDir);
        } catch (RuntimeException e) {
            server.close(); // a node that failed its set-up must not keep running into later tests
            throw e;
        }
    }

    /**
     * The key named {@code test} (tests look it up by name); a second node on the same database gets one named
     * after its data directory.
     */
    private static CreatedKey createTestKey(AtelierServer server, Path dataDir) {
        try {
            return server.credentials().create("test", null);
        } catch (dev.atelier.server.accounts.DuplicateKeyNameException e) {
            return server.credentials().create("test-" + dataDir.getFileName(), null);
        }
    }

    /** Starts a node; {@code settings} are environment-style overrides (e.g. ATELIER_FETCH_ALLOWLIST). */
    public static TestServer start(Map<String, String> settings) {
        try {
            return new TestServer(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public MutableClock clock() {
        return clock;
    }

    public CreatedKey key() {
        return key;
    }

    public AtelierServer server() {
        return server;
    }

    /** A client authenticated with the API key. */
    public TestClient client() {
        return new TestClient(baseUrl(), key.apiKey());
    }

    /** A client with no credentials (or set one with {@link TestClient#withToken}). */
    public TestClient anonymous() {
        return new TestClient(baseUrl(), null);
    }

    /** The id of the key behind {@code created} (ledger and webhook calls take ids). */
    public String keyId(CreatedKey created) {
        return server.credentials().authenticate("Bearer " + created.apiKey(), false).keyId();
    }

    public CreatedKey createKey(String name) {
        return server.credentials().create(name, null);
    }

    /**
     * Stops the node and starts a new one on the same data directory, settings and clock (a restart); the key stays.
     * Clients made before keep working only if the port is fixed: make new ones.
     */
    public void restart() {
        if (!stopped) {
            server.close();
        }
        server = AtelierServer.start(Settings.from(SettingsSource.of(settings)), clock);
        stopped = false;
    }

    public Path dataDir() {
        return dataDir;
    }

    private volatile boolean stopped;

    /** Stops the node (graceful drain) but keeps its data for inspection; {@link #close} deletes it. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            server.close();
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
