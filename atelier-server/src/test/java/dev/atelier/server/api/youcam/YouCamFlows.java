package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import tools.jackson.databind.JsonNode;

/** Steps of the YouCam flows as a client performs them, shared by the flow tests. */
final class YouCamFlows {
    private YouCamFlows() {}

    /** The legacy id_token: Base64(RSA/PKCS#1 v1.5(client_id=..&timestamp=..)) under the key's public key. */
    static String idToken(String clientId, String publicKeyBase64, Instant timestamp) throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(java.util.Base64.getDecoder().decode(publicKeyBase64)));
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, key);
        byte[] plain = ("client_id=" + clientId + "&timestamp=" + timestamp.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
        return java.util.Base64.getEncoder().encodeToString(rsa.doFinal(plain));
    }

    /** Creates an upload slot (legacy when {@code legacyFeature} is set, else v2) and uploads the bytes. */
    static String upload(TestClient c, String legacyFeature, String contentType, byte[] bytes) {
        TestClient.Response files = legacyFeature != null
                ? c.post("/s2s/v1.0/file/" + legacyFeature,
                        Map.of("files", List.of(Map.of("content_type", contentType, "file_name", "photo"))))
                : c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", contentType,
                        "file_name", "photo", "file_size", bytes.length))));
        assertThat(files.status()).as(files.toString()).isEqualTo(200);
        JsonNode slot = files.json().path(legacyFeature != null ? "result" : "data").path("files").get(0);
        JsonNode request = slot.path("requests").get(0);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = tools.jackson.databind.json.JsonMapper.builder().build()
                .convertValue(request.path("headers"), Map.class);
        TestClient.Response put = TestClient.put(request.path("url").asString(), bytes, headers);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return slot.path("file_id").asString();
    }

    /** Polls a status path until the task is no longer running; returns the last status body. */
    static JsonNode pollUntilDone(TestClient c, String statusPath, String envelope, String statusField) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TestClient.Response r = c.get(statusPath);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode body = r.json().path(envelope);
            last.set(body);
            return !body.path(statusField).asString().equals("running");
        });
        return last.get();
    }
}
