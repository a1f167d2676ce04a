package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 15: result downloads are never sniffed, and stop working when their key is turned off. */
class DownloadHardeningTest {
    private static final String ADMIN = "download-hardening-admin-token-0123456789";
    private final TestServer server = TestServer.start(Map.of("ATELIER_ADMIN_TOKEN", ADMIN));
    private final TestClient c = server.client();

    @AfterEach
    void stop() {
        server.close();
    }

    private static void setKeyStatus(TestClient admin, String status) {
        TestClient.Response r = admin.post("/admin/v1/keys/test/status", Map.of("status", status));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void aResultIsServedWithNosniffAndRefusedOnceItsKeyIsOff() {
        String src = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 48));
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", src, "scale", 1));
        String id = run.json().path("data").path("task_id").asString();
        JsonNode done = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/enhance/" + id);
        String url = done.path("results").path("url").asString();

        TestClient.Response ok = TestClient.fetch(url);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(ok.header("Content-Type")).isEqualTo("image/jpeg");

        TestClient admin = server.anonymous().withToken(ADMIN);
        setKeyStatus(admin, "inactive");
        server.clock().advance(java.time.Duration.ofSeconds(2)); // past the key cache's second
        TestClient.Response off = TestClient.fetch(url);
        assertThat(off.status()).as(off.toString()).isEqualTo(401);
        assertThat(off.json().path("error_code").asString()).isEqualTo("InactiveApiKey");
        assertThat(off.json().path("error").asString()).contains("links no longer work");

        setKeyStatus(admin, "active");
        server.clock().advance(java.time.Duration.ofSeconds(2));
        assertThat(TestClient.fetch(url).status()).as("back on, the same link works again").isEqualTo(200);
    }
}
