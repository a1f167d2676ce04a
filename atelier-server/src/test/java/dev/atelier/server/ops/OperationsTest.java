package dev.atelier.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.store.Database;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationsTest {
    private TestServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthReadinessMetricsAndTheOpenApiDocumentAreServed() {
        server = TestServer.start();
        TestClient c = server.anonymous();
        assertThat(c.get("/healthz").status()).isEqualTo(200);
        assertThat(c.get("/readyz").json().path("status").asString()).isEqualTo("ready");
        server.client().get("/s2s/v2.0/task/enhance/unknown");
        TestClient.Response metrics = c.get("/metrics");
        assertThat(metrics.text()).contains("atelier_http_request_seconds_count")
                .contains("route=\"/s2s/{version}/task/<feature>\"").contains("jvm_memory_used_bytes")
                .contains("atelier_task_memory_claimed_bytes 0.0").contains("atelier_task_memory_waiting 0.0")
                .contains("atelier_task_memory_budget_bytes");
        for (String job : new String[] {"task-expiry", "lease-recovery", "credit-reconciliation",
                "webhook-reconciliation", "retention"}) {
            assertThat(metrics.text()).as("job %s is scheduled on its own", job)
                    .contains("atelier_background_job_seconds_count{job=\"" + job + "\"")
                    .contains("atelier_background_job_failures_total{job=\"" + job + "\"");
        }
        TestClient.Response doc = c.get("/openapi.yaml");
        assertThat(doc.text()).startsWith("openapi: 3.1.0");
    }

    @Test
    void shutdownStopsBeingReadyAndLetsTheRunningTaskFinish() throws Exception {
        server = TestServer.start(Map.of("ATELIER_WORKERS", "1", "ATELIER_DRAIN_TIMEOUT", "60s"));
        TestClient c = server.client();
        byte[] png = TestImages.png(1600, 1200);
        var slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/png",
                "file_name", "big.png", "file_size", png.length)))).json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), png, Map.of("Content-Type", "image/png"));
        String taskId = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", slot.path("file_id").asString(),
                "scale", 2)).json().path("data").path("task_id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.server().tasks().workers().busy() == 1);

        Thread stopper = Thread.ofPlatform().start(server::stop);
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.server().isReady());
        stopper.join(Duration.ofSeconds(90));
        assertThat(stopper.isAlive()).isFalse();

        try (Database db = Database.open("jdbc:sqlite:" + server.dataDir().resolve("atelier.db"), null)) {
            String state = db.jdbi().withHandle(h -> h.createQuery("SELECT state FROM tasks WHERE id = :id")
                    .bind("id", taskId).mapTo(String.class).one());
            assertThat(state).as("the running task finished during the drain").isEqualTo("success");
        }
    }
}
