package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The legacy family end to end: RSA id_token auth, File API, run, poll, download, chain with dst_id. */
class LegacyFlowTest {
    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private String accessToken() throws Exception {
        var key = server.key();
        TestClient.Response auth = server.anonymous().post("/s2s/v1.0/client/auth", Map.of(
                "client_id", key.clientId(),
                "id_token", YouCamFlows.idToken(key.clientId(), key.publicKey(), server.clock().instant())));
        assertThat(auth.status()).as(auth.toString()).isEqualTo(200);
        assertThat(auth.json().path("result").path("expires_in").asLong()).isEqualTo(7200);
        return auth.json().path("result").path("access_token").asString();
    }

    private static Map<String, Object> enhanceRun(long requestId, String srcId, int scale) {
        return Map.of("request_id", requestId,
                "payload", Map.of(
                        "file_sets", Map.of("src_ids", List.of(srcId)),
                        "actions", List.of(Map.of("id", 0, "params", Map.of("scale", scale)))),
                "output_ext", "jpg");
    }

    @Test
    void authUploadRunPollDownloadAndChainTheResult() throws Exception {
        TestClient c = server.anonymous().withToken(accessToken());
        String fileId = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(160, 120));

        TestClient.Response run = c.post("/s2s/v1.0/task/enhance", enhanceRun(0, fileId, 2));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.header("x-request-id")).matches("\\d+");
        String taskId = run.json().path("result").path("task_id").asString();

        JsonNode status = YouCamFlows.pollUntilDone(c, "/s2s/v1.0/task/enhance?task_id=" + taskId, "result", "status");
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("polling_interval").asInt()).isEqualTo(1000);
        JsonNode result = status.path("results").get(0);
        assertThat(result.path("id").asInt()).isZero();
        String dstId = result.path("data").get(0).path("dst_id").asString();
        String url = result.path("data").get(0).path("url").asString();

        TestClient.Response download = TestClient.fetch(url);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage out = TestImages.decode(download.body());
        assertThat(out.getWidth()).isEqualTo(320);
        assertThat(out.getHeight()).isEqualTo(240);

        // dst_id chains the result into the next task without re-uploading.
        TestClient.Response second = c.post("/s2s/v1.0/task/enhance", enhanceRun(1, dstId, 1));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        String secondId = second.json().path("result").path("task_id").asString();
        JsonNode secondStatus = YouCamFlows.pollUntilDone(c, "/s2s/v1.0/task/enhance?task_id=" + secondId, "result",
                "status");
        assertThat(secondStatus.path("status").asString()).as(secondStatus.toString()).isEqualTo("success");
        String secondUrl = secondStatus.path("results").get(0).path("data").get(0).path("url").asString();
        assertThat(TestImages.decode(TestClient.fetch(secondUrl).body()).getWidth()).isEqualTo(320);
    }

    @Test
    void bothTokenKindsAreAcceptedOnEveryRoute() throws Exception {
        String token = accessToken();
        byte[] jpeg = TestImages.jpeg(64, 48);
        // the access token on a v2 route, the API key on a legacy route
        assertThat(YouCamFlows.upload(server.anonymous().withToken(token), null, "image/jpeg", jpeg)).isNotBlank();
        assertThat(YouCamFlows.upload(server.client(), "enhance", "image/jpeg", jpeg)).isNotBlank();
    }

    @Test
    void anIdTokenOutsideTheClockSkewIsRefused() throws Exception {
        var key = server.key();
        String stale = YouCamFlows.idToken(key.clientId(), key.publicKey(),
                server.clock().instant().minus(Duration.ofMinutes(10)));
        TestClient.Response auth = server.anonymous().post("/s2s/v1.0/client/auth",
                Map.of("client_id", key.clientId(), "id_token", stale));
        assertThat(auth.status()).isEqualTo(401);
        assertThat(auth.json().path("error_code").asString()).isEqualTo("InvalidAccessToken");
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() throws Exception {
        var other = server.createKey("other");
        String forOther = YouCamFlows.idToken(other.clientId(), other.publicKey(), server.clock().instant());
        TestClient.Response auth = server.anonymous().post("/s2s/v1.0/client/auth",
                Map.of("client_id", server.key().clientId(), "id_token", forOther));
        assertThat(auth.status()).isEqualTo(401);
        assertThat(auth.json().path("error_code").asString()).isEqualTo("InvalidAccessToken");
    }

    @Test
    void accessTokensExpireAfterTwoHours() throws Exception {
        TestClient c = server.anonymous().withToken(accessToken());
        server.clock().advance(Duration.ofHours(2).plusSeconds(1));
        TestClient.Response r = c.post("/s2s/v1.0/file/enhance",
                Map.of("files", List.of(Map.of("content_type", "image/jpeg", "file_name", "a.jpg"))));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("error_code").asString()).isEqualTo("InvalidAccessToken");
    }
}
