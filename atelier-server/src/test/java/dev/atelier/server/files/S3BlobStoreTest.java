package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import dev.atelier.server.testing.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on S3 (s3proxy in process, a fresh bucket per test), plus S3's startup checks. */
class S3BlobStoreTest extends BlobStoreContract {
    private static S3Server s3;
    private String bucket;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Override
    BlobStore openStore() throws IOException {
        bucket = s3.newBucket();
        return BlobSettings.from(SettingsSource.of(s3.settings(bucket))).open(dir);
    }

    @Override
    int pendingUploads() {
        return s3.pendingUploads(bucket);
    }

    private BlobSettings settingsWith(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(s3.settings(bucket));
        all.putAll(overrides);
        return BlobSettings.from(SettingsSource.of(all));
    }

    @Test
    void prefixNamesTheObjects() throws IOException {
        try (BlobStore prefixed = settingsWith(Map.of("ATELIER_S3_PREFIX", "node-a/")).open(dir)) {
            prefixed.put("pref1", new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
            assertThat(prefixed.exists("pref1")).isTrue();
        }
        try (BlobStore plain = settingsWith(Map.of()).open(dir)) {
            assertThat(plain.exists("pref1")).isFalse(); // it is node-a/pref1
        }
    }

    @Test
    void missingBucketStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> settingsWith(Map.of("ATELIER_S3_BUCKET", "no-such-bucket")).open(dir))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'no-such-bucket'")
                .hasMessageContaining("ATELIER_S3_BUCKET");
    }

    @Test
    void wrongKeysStopStartup() {
        assertThatThrownBy(() -> settingsWith(Map.of("ATELIER_S3_SECRET_KEY", "wrong-secret-0123456789")).open(dir))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("not reachable");
    }

    @Test
    void unreachableEndpointStopsStartup() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> settingsWith(Map.of("ATELIER_S3_ENDPOINT", "http://127.0.0.1:" + closedPort))
                .open(dir))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> BlobSettings.from(SettingsSource.of(Map.of("ATELIER_BLOB_STORE", "s3"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("ATELIER_S3_BUCKET");
        assertThatThrownBy(() -> BlobSettings.from(SettingsSource.of(Map.of("ATELIER_BLOB_STORE", "ftp"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("local or s3");
        assertThatThrownBy(() -> settingsWith(Map.of("ATELIER_S3_SECRET_KEY", "")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("both");
    }
}
