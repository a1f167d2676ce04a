package dev.atelier.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.credits.GrantType;
import dev.atelier.server.testing.GatedImages;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Retention sweeps and task/delete over real HTTP, with the clock moved by hand. */
class RetentionTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String upload(TestClient c, byte[] bytes) {
        TestClient.Response files = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type",
                "image/jpeg", "file_name", "p.jpg", "file_size", bytes.length))));
        JsonNode slot = files.json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), bytes, Map.of("Content-Type", "image/jpeg"));
        return slot.path("file_id").asString();
    }

    private static JsonNode runToEnd(TestClient c, String fileId) {
        String task = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 1)).json().path("data")
                .path("task_id").asString();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = c.get("/s2s/v2.0/task/enhance/" + task).json().path("data");
            return !last[0].path("task_status").asString().equals("running");
        });
        ((tools.jackson.databind.node.ObjectNode) last[0]).put("task_id", task);
        return last[0];
    }

    @Test
    void expiredUploadsAndResultsAreSweptAndTheirUrlsStopWorking() {
        server = TestServer.start(Map.of("ATELIER_RESULT_RETENTION", "1h", "ATELIER_UPLOAD_RETENTION", "1d"));
        TestClient c = server.client();
        String input = upload(c, TestImages.jpeg(32, 32));
        JsonNode done = runToEnd(c, input);
        String url = done.path("results").path("url").asString();
        assertThat(TestClient.fetch(url).status()).isEqualTo(200);

        server.clock().advance(Duration.ofMinutes(61)); // the result expired, the signed URL (2 h) has not
        assertThat(server.server().retention().sweep().files()).isEqualTo(1);
        assertThat(TestClient.fetch(url).status()).isEqualTo(404);
        assertThat(c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", input, "scale", 1)).status()).isEqualTo(200);

        server.clock().advance(Duration.ofDays(1));
        assertThat(server.server().retention().sweep().files()).isPositive(); // the upload (and the second result)
        TestClient.Response gone = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", input, "scale", 1));
        assertThat(gone.status()).isEqualTo(400);
        assertThat(gone.json().path("error").asString()).contains("is not a file of this key");
    }

    @Test
    void finishedTaskRecordsArePurgedAfterTheirRetentionAndSweepsMayRunConcurrently() throws Exception {
        server = TestServer.start(Map.of("ATELIER_TASK_RETENTION", "1h"));
        TestClient c = server.client();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(runToEnd(c, upload(c, TestImages.jpeg(32, 32))).path("task_id").asString());
        }
        server.clock().advance(Duration.ofHours(2));
        List<Future<RetentionSweeper.Report>> sweeps = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                sweeps.add(pool.submit(() -> server.server().retention().sweep()));
            }
        }
        int purged = 0;
        for (Future<RetentionSweeper.Report> f : sweeps) {
            purged += f.get().tasks();
        }
        assertThat(purged).isEqualTo(3);
        TestClient.Response gone = c.get("/s2s/v2.0/task/enhance/" + tasks.getFirst());
        assertThat(gone.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
    }

    @Test
    void deletingAFinishedTaskRemovesItsResultsWithoutARefund() {
        server = TestServer.start(Map.of("ATELIER_FEATURE_COSTS", "enhance=1"));
        TestClient c = server.client();
        server.server().ledger().grant(server.keyId(server.key()), 500, GrantType.PAYG, null, null);
        JsonNode done = runToEnd(c, upload(c, TestImages.jpeg(32, 32)));
        String task = done.path("task_id").asString();
        String url = done.path("results").path("url").asString();
        await().until(() -> server.server().ledger().balance(server.keyId(server.key())).reserved() == 0);

        TestClient.Response deleted = c.post("/s2s/v2.0/task/delete", Map.of("task_id", task));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().path("status").asInt()).isEqualTo(200);
        assertThat(TestClient.fetch(url).status()).isEqualTo(404);
        assertThat(c.get("/s2s/v2.0/task/enhance/" + task).json().path("error_code").asString())
                .isEqualTo("InvalidTaskId");
        assertThat(server.server().ledger().balance(server.keyId(server.key())).available()).isEqualTo(400);

        TestClient.Response again = c.post("/s2s/v2.0/task/delete", Map.of("task_id", task));
        assertThat(again.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
        TestClient.Response missing = c.post("/s2s/v2.0/task/delete", Map.of("nothing", 1));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error_code").asString()).isEqualTo("InvalidParameters");
        TestClient other = server.anonymous().withToken(server.createKey("other").apiKey());
        TestClient.Response foreign = other.post("/s2s/v2.0/task/delete", Map.of("task_id", task));
        assertThat(foreign.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
    }

    @Test
    void aTaskThatIsStillRunningCannotBeDeleted() throws Exception {
        try (GatedImages images = new GatedImages(TestImages.jpeg(32, 32))) {
            server = TestServer.start(Map.of("ATELIER_FETCH_ALLOWLIST", "127.0.0.1"));
            TestClient c = server.client();
            String task = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_url", images.url(), "scale", 1)).json()
                    .path("data").path("task_id").asString();
            images.awaitRequested();
            TestClient.Response refused = c.post("/s2s/v2.0/task/delete", Map.of("task_id", task));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error_code").asString()).isEqualTo("OperationInvalid");
            images.open();
        }
    }
}
