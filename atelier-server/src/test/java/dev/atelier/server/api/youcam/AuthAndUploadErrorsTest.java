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

/** Bad tokens and bad uploads each get their documented status and code. */
class AuthAndUploadErrorsTest {
    private final TestServer server = TestServer.start();
    private final TestClient c = server.client();

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> oneFile(String type, long size) {
        return Map.of("files", List.of(Map.of("content_type", type, "file_name", "photo.jpg", "file_size", size)));
    }

    @Test
    void badTokensGetTheFamilysCode() {
        TestClient.Response v2 = server.anonymous().withToken("atk_wrong").post("/s2s/v2.0/file", oneFile("image/jpeg", 10));
        assertThat(v2.status()).isEqualTo(401);
        assertThat(v2.json().path("error_code").asString()).isEqualTo("InvalidApiKey");
        assertThat(v2.json().path("status").asInt()).isEqualTo(401);

        TestClient.Response legacy = server.anonymous().withToken("wrong").post("/s2s/v1.0/file/enhance",
                Map.of("files", List.of(Map.of("content_type", "image/jpeg", "file_name", "a.jpg"))));
        assertThat(legacy.status()).isEqualTo(401);
        assertThat(legacy.json().path("error_code").asString()).isEqualTo("InvalidAccessToken");

        TestClient.Response none = server.anonymous().get("/s2s/v2.0/task/enhance/abc");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("error").asString()).contains("Authorization");

        TestClient.Response forgedAccessToken = server.anonymous().withToken("atv1.a2V5fDk5OTk5OTk5OTk5OTk5.c2ln")
                .get("/s2s/v1.0/task/enhance?task_id=x");
        assertThat(forgedAccessToken.json().path("error_code").asString()).isEqualTo("InvalidAccessToken");
    }

    private JsonNode slot(long declaredSize) {
        return c.post("/s2s/v2.0/file", oneFile("image/jpeg", declaredSize)).json().path("data").path("files").get(0);
    }

    private static TestClient.Response putTo(JsonNode slot, byte[] body, String contentType) {
        return TestClient.put(slot.path("requests").get(0).path("url").asString(), body,
                Map.of("Content-Type", contentType));
    }

    @Test
    void aWrongContentTypeIsRefused() {
        byte[] jpeg = TestImages.jpeg(32, 32);
        TestClient.Response r = putTo(slot(jpeg.length), jpeg, "image/png");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().path("error_code").asString()).isEqualTo("ContentTypeMismatch");
    }

    @Test
    void anOversizedUploadIsRefusedAtDeclarationAndAtUpload() {
        TestClient.Response declared = c.post("/s2s/v2.0/file", oneFile("image/jpeg", 11L << 20));
        assertThat(declared.status()).isEqualTo(400);
        assertThat(declared.json().path("error").asString()).contains("file_size");

        byte[] jpeg = TestImages.jpeg(64, 64);
        TestClient.Response bigger = putTo(slot(100), jpeg, "image/jpeg");
        assertThat(bigger.status()).isEqualTo(413);
        assertThat(bigger.json().path("error_code").asString()).isEqualTo("EntityTooLarge");
    }

    @Test
    void anExpiredUploadUrlIsRefused() {
        byte[] jpeg = TestImages.jpeg(32, 32);
        JsonNode s = slot(jpeg.length);
        server.clock().advance(Duration.ofHours(1).plusSeconds(1));
        TestClient.Response r = putTo(s, jpeg, "image/jpeg");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("error_code").asString()).isEqualTo("UrlExpired");
    }

    @Test
    void aTamperedSignatureIsRefusedAndAFileIsUploadedOnce() {
        byte[] jpeg = TestImages.jpeg(32, 32);
        JsonNode s = slot(jpeg.length);
        String url = s.path("requests").get(0).path("url").asString();
        TestClient.Response tampered = TestClient.put(url.replaceAll("signature=.", "signature=A"), jpeg,
                Map.of("Content-Type", "image/jpeg"));
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.json().path("error_code").asString()).isEqualTo("InvalidSignature");

        assertThat(putTo(s, jpeg, "image/jpeg").status()).isEqualTo(200);
        TestClient.Response again = putTo(s, jpeg, "image/jpeg");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().path("error_code").asString()).isEqualTo("OperationInvalid");
    }

    @Test
    void unsupportedVideoAndUnknownTypesAreRefusedAtDeclaration() {
        TestClient.Response video = c.post("/s2s/v2.0/file", oneFile("video/webm", 1000));
        assertThat(video.status()).isEqualTo(400);
        assertThat(video.json().path("error").asString()).contains("video/mp4");
        TestClient.Response legacyMissingFiles = c.post("/s2s/v1.0/file/enhance", Map.of());
        assertThat(legacyMissingFiles.json().path("error_code").asString()).isEqualTo("InvalidParameters");
    }

    @Test
    void downloadUrlsExpireAfterTwoHoursAndUnknownRoutesAreJson() {
        TestClient.Response notFound = c.get("/nothing/here");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().path("error_code").asString()).isEqualTo("NotFound");
        assertThat(TestClient.fetch(server.baseUrl() + "/files/abcdef?expires=1&signature=AA").status()).isEqualTo(403);
    }
}
