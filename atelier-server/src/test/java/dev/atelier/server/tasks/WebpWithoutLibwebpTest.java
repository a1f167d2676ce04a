package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.NodeProcess;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A node without libwebp (a child JVM with {@code ATELIER_NATIVE_CODECS_OFF=libwebp7}, as on a machine where the
 * package is not installed) refuses WebP output at submit with 400 naming the package, instead of failing the task
 * after the work; other formats still run.
 */
class WebpWithoutLibwebpTest {
    private static final String ADMIN = "webp-test-admin-token-0123456789abcdef";

    @Test
    void webpOutputIsRefusedNamingThePackageAndOtherFormatsStillRun() {
        try (NodeProcess node = NodeProcess.start(Map.of("ATELIER_NATIVE_CODECS_OFF", "libwebp7",
                "ATELIER_ADMIN_TOKEN", ADMIN))) {
            TestClient.Response key = node.client(ADMIN).post("/admin/v1/keys", Map.of("name", "webp"));
            assertThat(key.status()).as(key.toString()).isEqualTo(200);
            TestClient c = node.client(key.json().path("data").path("api_key").asString());
            byte[] jpg = TestImages.jpeg(64, 48);
            JsonNode file = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/jpeg",
                    "file_name", "a.jpg", "file_size", jpg.length)))).json().path("data").path("files").get(0);
            assertThat(TestClient.put(file.path("requests").get(0).path("url").asString(), jpg,
                    Map.of("Content-Type", "image/jpeg")).status()).isEqualTo(200);
            String id = file.path("file_id").asString();

            TestClient.Response webp = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", id, "scale", 1, "output_ext", "webp"));
            assertThat(webp.status()).as(webp.toString()).isEqualTo(400);
            assertThat(webp.json().path("error_code").asString()).isEqualTo("InvalidParameters");
            assertThat(webp.json().path("error").asString()).contains("libwebp", "apt-get install libwebp7", "jpg");

            TestClient.Response jpgRun = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", id, "scale", 1, "output_ext", "jpg"));
            assertThat(jpgRun.status()).as(jpgRun.toString()).isEqualTo(200);
        }
    }
}
