package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.testing.PostgresSchema;
import dev.atelier.server.testing.S3Server;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The scaled mode through real HTTP: files in S3 (s3proxy in process), and an api node and a worker node sharing
 * one PostgreSQL and one bucket, where a task submitted to the api node is run by the worker node and its result
 * downloads through the api node.
 */
class ScaledNodesTest {
    private static final String SECRET = "scaled-mode-test-secret-0123456789abcdef";
    private static S3Server s3;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    /** Uploads a picture, runs enhance at scale 2, and returns the result as downloaded. */
    private static BufferedImage enhance(TestClient c, int width, int height) {
        String fileId = YouCamFlows.upload(c, null, "image/png", TestImages.png(width, height));
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String taskId = run.json().path("data").path("task_id").asString();
        JsonNode status = YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/enhance/" + taskId, "data", "task_status");
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        TestClient.Response out = TestClient.fetch(status.path("results").path("url").asString());
        assertThat(out.status()).isEqualTo(200);
        return TestImages.decode(out.body());
    }

    @Test
    void oneNodeKeepsItsFilesInS3() {
        String bucket = s3.newBucket();
        try (TestServer server = TestServer.start(s3.settings(bucket))) {
            BufferedImage out = enhance(server.client(), 90, 60);
            assertThat(out.getWidth()).isEqualTo(180);
            assertThat(out.getHeight()).isEqualTo(120);
            assertThat(s3.objectCount(bucket)).as("the upload and the result").isEqualTo(2);
            assertThat(Files.exists(server.dataDir().resolve("blobs"))).isFalse();
        }
    }

    @Test
    void apiNodeTakesTheTaskAndWorkerNodeRunsIt() {
        String bucket = s3.newBucket();
        try (PostgresSchema db = PostgresSchema.create()) {
            Map<String, String> shared = new HashMap<>(s3.settings(bucket));
            shared.put("ATELIER_DB_URL", db.url());
            shared.put("ATELIER_SECRET", SECRET);
            // the task waits unpolled while the worker node starts (seconds on a loaded machine): not abandoned
            shared.put("ATELIER_POLLING_WINDOW", "5m");
            Map<String, String> apiSettings = new HashMap<>(shared);
            apiSettings.put("ATELIER_ROLE", "api");
            Map<String, String> workerSettings = new HashMap<>(shared);
            workerSettings.put("ATELIER_ROLE", "worker");
            try (TestServer api = TestServer.start(apiSettings)) {
                TestClient c = api.client();
                String fileId = YouCamFlows.upload(c, null, "image/png", TestImages.png(80, 50));
                TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2));
                assertThat(run.status()).as(run.toString()).isEqualTo(200);
                String taskId = run.json().path("data").path("task_id").asString();
                // no worker anywhere yet: the api node runs nothing itself
                TestClient.Response queued = c.get("/s2s/v2.0/task/enhance/" + taskId);
                assertThat(queued.json().path("data").path("task_status").asString()).isEqualTo("running");
                assertThat(api.server().tasks().workers().busy()).isZero();

                try (TestServer worker = TestServer.start(workerSettings)) {
                    JsonNode status = YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/enhance/" + taskId, "data",
                            "task_status");
                    assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
                    String url = status.path("results").path("url").asString();
                    assertThat(url).startsWith(api.baseUrl());
                    BufferedImage out = TestImages.decode(TestClient.fetch(url).body());
                    assertThat(out.getWidth()).isEqualTo(160);
                    assertThat(out.getHeight()).isEqualTo(100);

                    // the worker answers operations only
                    TestClient w = worker.client();
                    assertThat(w.get("/healthz").status()).isEqualTo(200);
                    assertThat(w.get("/readyz").status()).isEqualTo(200);
                    assertThat(w.get("/metrics").status()).isEqualTo(200);
                    // (unvalidated: the API document describes api nodes)
                    TestClient.Response refused = TestClient.fetch(worker.baseUrl() + "/s2s/v2.0/task/enhance/"
                            + taskId);
                    assertThat(refused.status()).isEqualTo(404);
                    assertThat(refused.text()).contains("worker node");
                }
            }
        }
    }

    @Test
    void splitRoleOnSqliteIsRefused() {
        for (String role : new String[] {"api", "worker"}) {
            assertThatThrownBy(() -> TestServer.start(Map.of("ATELIER_ROLE", role)).close())
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("ATELIER_ROLE=" + role)
                    .hasMessageContaining("SQLite")
                    .hasMessageContaining("jdbc:postgresql");
        }
        assertThatThrownBy(() -> TestServer.start(Map.of("ATELIER_ROLE", "both")).close())
                .isInstanceOf(SettingsException.class).hasMessageContaining("api, worker or all");
    }
}
