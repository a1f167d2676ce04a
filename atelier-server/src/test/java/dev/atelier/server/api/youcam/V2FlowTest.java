package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.server.testing.NeedsNative;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The v2 family with an API key: {@code src_file_url} inputs fetched from a loopback server (allowed only through
 * the allow-list), file ids, WebP output, and the v2 status shape.
 */
class V2FlowTest {
    private HttpServer images;
    private TestServer server;
    private String imageUrl;

    @BeforeEach
    void start() throws IOException {
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jpeg = TestImages.jpeg(200, 100);
        images.createContext("/photo.jpg", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jpeg);
            }
        });
        images.start();
        imageUrl = "http://127.0.0.1:" + images.getAddress().getPort() + "/photo.jpg";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        images.stop(0);
    }

    @Test
    void runsOnAUrlInputWhenTheAllowListPermitsLoopback() {
        NeedsNative.webp();
        server = TestServer.start(Map.of("ATELIER_FETCH_ALLOWLIST", "127.0.0.0/8"));
        TestClient c = server.client();
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance",
                Map.of("src_file_url", imageUrl, "scale", 2, "output_ext", "webp"));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String taskId = run.json().path("data").path("task_id").asString();

        JsonNode status = YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/enhance/" + taskId, "data", "task_status");
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("error").isNull()).isTrue();
        assertThat(status.path("metadata").path("engine_kind").asString()).isEqualTo("classical");
        TestClient.Response out = TestClient.fetch(status.path("results").path("url").asString());
        assertThat(out.header("Content-Type")).isEqualTo("image/webp");
        assertThat(new String(out.body(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    }

    @Test
    void loopbackUrlsAreRefusedWithoutTheAllowList() {
        server = TestServer.start();
        TestClient c = server.client();
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_url", imageUrl, "scale", 2));
        String taskId = run.json().path("data").path("task_id").asString();
        JsonNode status = YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/enhance/" + taskId, "data", "task_status");
        assertThat(status.path("task_status").asString()).isEqualTo("error");
        assertThat(status.path("error").asString()).isEqualTo("error_download_image");
        assertThat(status.path("error_message").asString()).contains("ATELIER_FETCH_ALLOWLIST");
    }

    @Test
    void uploadedFileRunsAndTheLegacyStatusShapeIsAvailableOnV2() {
        server = TestServer.start();
        TestClient c = server.client();
        String fileId = YouCamFlows.upload(c, null, "image/png", TestImages.png(90, 60));
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 1));
        String taskId = run.json().path("data").path("task_id").asString();
        JsonNode v2 = YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/enhance/" + taskId, "data", "task_status");
        assertThat(v2.path("task_status").asString()).isEqualTo("success");
        // ?task_id= asks for the legacy shape whatever the version segment (CONTRACTS A.0)
        TestClient.Response legacy = c.get("/s2s/v2.0/task/enhance?task_id=" + taskId);
        assertThat(legacy.json().path("result").path("status").asString()).isEqualTo("success");
        assertThat(legacy.json().path("result").path("results").get(0).path("data").get(0).path("dst_id").asString())
                .isEqualTo(v2.path("results").path("dst_id").asString());
    }
}
