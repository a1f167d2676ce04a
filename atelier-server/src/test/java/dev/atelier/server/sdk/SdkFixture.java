package dev.atelier.server.sdk;

import dev.atelier.client.AtelierClient;
import dev.atelier.client.RetryPolicy;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real test server behind a {@link FaultProxy}: the server hands out URLs on the proxy (so uploads and downloads
 * pass through it too), SDK clients talk to the proxy, and the task table can be counted directly.
 */
final class SdkFixture implements AutoCloseable {
    /** Quick retries so tests that fail requests on purpose do not wait seconds. */
    static final RetryPolicy FAST_RETRIES = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200), 2.0,
            Duration.ofSeconds(5));

    final FaultProxy proxy;
    final TestServer server;
    private final Path dataDir;

    SdkFixture(Map<String, String> settings) {
        try {
            this.dataDir = Files.createTempDirectory("atelier-sdk-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.proxy = FaultProxy.start();
        Map<String, String> all = new HashMap<>(settings);
        all.put("ATELIER_DATA", dataDir.toString());
        all.put("ATELIER_PUBLIC_URL", proxy.url());
        this.server = TestServer.start(all);
        proxy.forwardTo(server.server().port());
    }

    SdkFixture() {
        this(Map.of());
    }

    AtelierClient.Builder v2() {
        return AtelierClient.builder().baseUrl(proxy.url()).apiKey(server.key().apiKey()).retryPolicy(FAST_RETRIES);
    }

    AtelierClient.Builder legacy() {
        return AtelierClient.builder().baseUrl(proxy.url())
                .legacyCredentials(server.key().clientId(), server.key().publicKey())
                .clock(server.clock())
                .retryPolicy(FAST_RETRIES);
    }

    /** A client builder of {@code family}: legacy credentials or the API key. */
    AtelierClient.Builder builder(dev.atelier.client.ApiFamily family) {
        return family == dev.atelier.client.ApiFamily.LEGACY ? legacy() : v2();
    }

    /** A client of {@code family}. */
    AtelierClient client(dev.atelier.client.ApiFamily family) {
        return builder(family).build();
    }

    /** Fails the test if an exchange broke openapi.yaml, then closes. */
    void closeCheckingContract() {
        try {
            org.assertj.core.api.Assertions.assertThat(proxy.contractErrors())
                    .as("exchanges that openapi.yaml does not describe").isEmpty();
        } finally {
            close();
        }
    }

    /** Rows in the tasks table, whatever their state. */
    long taskCount() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("atelier.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM tasks")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test key's id, as stored. */
    String keyId() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("atelier.db"));
                var st = c.prepareStatement("SELECT id FROM api_keys WHERE client_id = ?")) {
            st.setString(1, server.key().clientId());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PSNR of {@code result} scaled back to the size of {@code original}, against it (dB). */
    static double psnrAgainstOriginal(byte[] original, byte[] result) {
        Image in = Codecs.decode(original, DecodeLimits.defaults());
        Image out = Codecs.decode(result, DecodeLimits.defaults());
        Image back = Resample.resize(out, in.width(), in.height(), Resample.Kernel.LANCZOS3);
        double psnr = Metrics.psnr(in, back);
        System.out.printf("PSNR of the result scaled back against the original: %.2f dB%n", psnr);
        return psnr;
    }

    static Image decode(byte[] bytes) {
        return Codecs.decode(bytes, DecodeLimits.defaults());
    }

    @Override
    public void close() {
        server.close();
        proxy.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory
        }
    }
}
