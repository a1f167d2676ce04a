package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.GatedImages;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.util.Map;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 15, over real HTTP and without the test client (whose document check would refuse some of these requests):
 * every error, including those the HTTP layer answers before any route runs (404, 405, 413, 415, 431), comes in its
 * family's envelope — YouCam's {@code {status, error, error_code}} on {@code /s2s}, OpenAI's {@code {error:{message,
 * type, param, code}}} on {@code /v1}.
 */
class ErrorEnvelopesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ATELIER_OPENAI_MAX_REQUEST_BYTES", "1MB"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
            String extraHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + server.key().apiKey())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (extraHeader != null) {
            b.header("X-Padding", extraHeader);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertYouCam(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).as(r.body()).isEqualTo(status);
        assertThat(body.path("error").asString()).as(r.body()).isNotBlank();
        assertThat(body.path("error_code").asString()).as(r.body()).isEqualTo(code);
    }

    private static void assertOpenAi(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("message").asString()).as(r.body()).isNotBlank();
        assertThat(error.path("type").asString()).as(r.body()).isNotBlank();
        assertThat(error.path("code").asString()).as(r.body()).isEqualTo(code);
    }

    private static final String HUGE_BODY = "{\"x\":\"" + "a".repeat(2 << 20) + "\"}";
    private static final String HUGE_HEADER = "p".repeat(64 << 10);

    @Test
    void youCamFamily() throws Exception {
        assertYouCam(send("GET", "/s2s/v2.0/no-such-thing", null, null, null), 404, "NotFound");
        assertYouCam(send("DELETE", "/s2s/v2.0/file", null, null, null), 405, "MethodNotAllowed");
        assertYouCam(send("POST", "/s2s/v2.0/task/enhance", "application/json", HUGE_BODY, null), 413,
                "EntityTooLarge");
        assertYouCam(send("GET", "/s2s/v2.0/credit", null, null, HUGE_HEADER), 431, "RequestHeaderFieldsTooLarge");
        // an upload whose body is not the declared type
        JsonNode slot = JSON.readTree(send("POST", "/s2s/v2.0/file", "application/json", "{\"files\":[{"
                + "\"content_type\":\"image/png\",\"file_name\":\"p.png\",\"file_size\":10}]}", null).body())
                .path("data").path("files").get(0);
        String upload = URI.create(slot.path("requests").get(0).path("url").asString()).getRawPath() + "?"
                + URI.create(slot.path("requests").get(0).path("url").asString()).getRawQuery();
        assertYouCam(send("PUT", upload, "image/jpeg", "0123456789", null), 415, "ContentTypeMismatch");
    }

    /** A full queue answers the same documented 429 body as a rate limit (CONTRACTS E.1), with Retry-After. */
    @Test
    void aFullQueueAnswersTheDocumented429() throws Exception {
        try (GatedImages images = new GatedImages(TestImages.jpeg(48, 32));
                TestServer small = TestServer.start(Map.of("ATELIER_QUEUE_CAPACITY", "1", "ATELIER_WORKERS", "1",
                        "ATELIER_FETCH_ALLOWLIST", "127.0.0.1", "ATELIER_POLLING_WINDOW", "5m"))) {
            TestClient c = small.client();
            Map<String, Object> body = Map.of("src_file_url", images.url(), "scale", 1);
            assertThat(c.post("/s2s/v2.0/task/enhance", body).status()).isEqualTo(200); // runs, waits at the gate
            images.awaitRequested();
            assertThat(c.post("/s2s/v2.0/task/enhance", body).status()).isEqualTo(200); // queued: the queue is full
            TestClient.Response full = c.post("/s2s/v2.0/task/enhance", body);
            assertThat(full.status()).isEqualTo(429);
            assertThat(full.header("Retry-After")).isEqualTo("5");
            assertThat(full.text()).isEqualTo("{\"status\":429,\"error\":\"Too many requests\"}");
            images.open();
        }
    }

    @Test
    void openAiFamily() throws Exception {
        assertOpenAi(send("GET", "/v1/no-such-thing", null, null, null), 404, "not_found");
        assertOpenAi(send("DELETE", "/v1/images/generations", null, null, null), 405, "method_not_allowed");
        assertOpenAi(send("POST", "/v1/images/generations", "application/json", HUGE_BODY, null), 413,
                "request_too_large");
        assertOpenAi(send("GET", "/v1/models", null, null, HUGE_HEADER), 431, "request_header_fields_too_large");
    }
}
