package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** request_id idempotency, the polling window, and task-level errors with their documented codes. */
class TaskRulesTest {
    private final TestServer server = TestServer.start();
    private final TestClient c = server.client();

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> legacyRun(long requestId, String srcId, int scale) {
        return Map.of("request_id", requestId, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(srcId)),
                "actions", List.of(Map.of("id", 0, "params", Map.of("scale", scale)))));
    }

    @Test
    void retriedRunWithSameRequestIdReturnsSameTask() {
        String fileId = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
        String first = c.post("/s2s/v1.0/task/enhance", legacyRun(0, fileId, 2)).json()
                .path("result").path("task_id").asString();
        TestClient.Response retry = c.post("/s2s/v1.0/task/enhance", legacyRun(0, fileId, 2));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("result").path("task_id").asString()).isEqualTo(first);

        String next = c.post("/s2s/v1.0/task/enhance", legacyRun(1, fileId, 2)).json()
                .path("result").path("task_id").asString();
        assertThat(next).isNotEqualTo(first);
    }

    @Test
    void sameRequestIdWithDifferentInputsIsRefused() {
        String fileId = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
        c.post("/s2s/v1.0/task/enhance", legacyRun(5, fileId, 2));
        TestClient.Response changed = c.post("/s2s/v1.0/task/enhance", legacyRun(5, fileId, 4));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().path("error_code").asString()).isEqualTo("InvalidParameters");
        assertThat(changed.json().path("error").asString()).contains("request_id 5");
    }

    @Test
    void anAbandonedTaskExpiresAndLaterPollsAnswerInvalidTaskId() {
        String fileId = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
        String taskId = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2)).json()
                .path("data").path("task_id").asString();
        server.clock().advance(Duration.ofSeconds(11));
        TestClient.Response late = c.get("/s2s/v2.0/task/enhance/" + taskId);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
        // and it stays gone, even if its work finished meanwhile
        assertThat(c.get("/s2s/v2.0/task/enhance/" + taskId).json().path("error_code").asString())
                .isEqualTo("InvalidTaskId");
    }

    @Test
    void pollingWithinTheWindowKeepsTheTaskAlive() {
        String fileId = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
        String taskId = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2)).json()
                .path("data").path("task_id").asString();
        for (int i = 0; i < 5; i++) {
            server.clock().advance(Duration.ofSeconds(8));
            assertThat(c.get("/s2s/v2.0/task/enhance/" + taskId).status()).isEqualTo(200);
        }
    }

    @Test
    void unknownForeignAndMismatchedTaskIdsAreInvalidTaskId() {
        assertThat(c.get("/s2s/v2.0/task/enhance/nope").json().path("error_code").asString())
                .isEqualTo("InvalidTaskId");
        String fileId = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
        String taskId = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 1)).json()
                .path("data").path("task_id").asString();
        TestClient other = server.anonymous().withToken(server.createKey("other").apiKey());
        TestClient.Response foreign = other.get("/s2s/v2.0/task/enhance/" + taskId);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
    }

    @Test
    void aCorruptImageFailsWithErrorDecodeImage() {
        byte[] notAnImage = "this is text, not a JPEG".getBytes();
        String fileId = YouCamFlows.upload(c, null, "image/jpeg", notAnImage);
        JsonNode status = runAndWait(fileId);
        assertThat(status.path("task_status").asString()).isEqualTo("error");
        assertThat(status.path("error").asString()).isEqualTo("error_decode_image");
    }

    @Test
    void aOnePixelImageFailsWithErrorBelowMinImageSize() {
        String fileId = YouCamFlows.upload(c, null, "image/png", TestImages.png(1, 1));
        JsonNode status = runAndWait(fileId);
        assertThat(status.path("task_status").asString()).isEqualTo("error");
        assertThat(status.path("error").asString()).isEqualTo("error_below_min_image_size");
        assertThat(status.path("error_message").asString()).contains("1x1");
    }

    @Test
    void anImageAboveTheLongSideLimitFailsWithErrorExceedMaxImageSize() {
        String fileId = YouCamFlows.upload(c, null, "image/png", TestImages.png(4100, 8));
        JsonNode status = runAndWait(fileId);
        assertThat(status.path("error").asString()).isEqualTo("error_exceed_max_image_size");
    }

    private JsonNode runAndWait(String fileId) {
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String taskId = run.json().path("data").path("task_id").asString();
        return YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/enhance/" + taskId, "data", "task_status");
    }

    @Test
    void badParametersAndUnknownFeaturesAreInvalidParameters() {
        String fileId = YouCamFlows.upload(c, null, "image/jpeg", TestImages.jpeg(64, 64));
        TestClient.Response badScale = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 3));
        assertThat(badScale.status()).isEqualTo(400);
        assertThat(badScale.json().path("error").asString()).contains("scale must be one of [1, 2, 4]");

        TestClient.Response missing = c.post("/s2s/v2.0/task/enhance", Map.of("scale", 2));
        assertThat(missing.json().path("error_code").asString()).isEqualTo("InvalidParameters");

        TestClient.Response unknown = c.post("/s2s/v2.0/task/teleport", Map.of("src_file_id", fileId));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asString()).contains("Unknown feature 'teleport'").contains("enhance");

        TestClient.Response notUploaded = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id",
                c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/jpeg",
                        "file_name", "x.jpg", "file_size", 10)))).json().path("data").path("files").get(0)
                        .path("file_id").asString(), "scale", 2));
        assertThat(notUploaded.json().path("error").asString()).contains("has not been uploaded");

        TestClient.Response badJson = c.postRaw("/s2s/v2.0/task/enhance", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("error_code").asString()).isEqualTo("InvalidParameters");
    }
}
