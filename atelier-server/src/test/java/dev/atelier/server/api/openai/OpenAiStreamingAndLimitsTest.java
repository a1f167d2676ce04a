package dev.atelier.server.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI image streaming, {@code output_compression}, upstream throttling as our 429, failed requests in the usage
 * records, and the OpenAI features' paths in the feature listing.
 */
class OpenAiStreamingAndLimitsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeImagesUpstream upstream;
    private TestServer server;
    private TestClient c;

    @BeforeEach
    void start() {
        upstream = FakeImagesUpstream.start();
        Map<String, String> s = new HashMap<>(upstream.settings("fake", OpenAiApiTest.MODELS));
        // a throttled upstream is not waited for: the request falls through to our 429 at once
        s.put("ATELIER_ROUTING_MAX_RETRY_AFTER_MS", "0");
        server = TestServer.start(s);
        c = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        upstream.close();
    }

    /** The {@code event:} names and parsed {@code data:} objects of an event stream, in order. */
    private static List<Map.Entry<String, JsonNode>> events(String body) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String event = null;
            JsonNode data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = JSON.readTree(line.substring(6));
                }
            }
            if (event != null) {
                out.add(Map.entry(event, data));
            }
        }
        return out;
    }

    private static Image decodeB64(String b64) {
        return Codecs.decode(Base64.getDecoder().decode(b64), DecodeLimits.defaults());
    }

    @Test
    void generationsStreamOneCompletedEventPerPictureAndNoPartials() {
        TestClient.Response r = c.post("/v1/images/generations", Map.of("model", "gpt-image-1", "prompt", "a fox",
                "n", 2, "stream", true, "partial_images", 2));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/event-stream");
        List<Map.Entry<String, JsonNode>> events = events(r.text());
        assertThat(events).extracting(Map.Entry::getKey)
                .containsExactly("image_generation.completed", "image_generation.completed");
        for (int i = 0; i < 2; i++) {
            JsonNode data = events.get(i).getValue();
            assertThat(data.path("type").asString()).isEqualTo("image_generation.completed");
            assertThat(data.path("image_index").asInt()).isEqualTo(i);
            assertThat(data.path("usage").path("model_used").asString()).isEqualTo("gpt-image-1");
            assertThat(data.path("usage").path("total_tokens").asInt()).isEqualTo(4210);
            Image img = decodeB64(data.path("b64_json").asString());
            assertThat(img.width()).isEqualTo(1024);
        }
    }

    @Test
    void editsStreamAsImageEditEventsAndDallEDoesNotStream() {
        TestClient.Response edit = c.postMultipart("/v1/images/edits", Map.of("model", "sdxl", "prompt", "x",
                "stream", "true"), Map.of("image", TestImages.png(256, 256)));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        assertThat(events(edit.text())).extracting(Map.Entry::getKey).containsExactly("image_edit.completed");

        TestClient.Response dallE = c.post("/v1/images/generations", Map.of("model", "dall-e-3", "prompt", "x",
                "stream", true));
        assertThat(dallE.status()).as(dallE.toString()).isEqualTo(400);
        assertThat(dallE.json().path("error").path("param").asString()).isEqualTo("stream");
    }

    @Test
    void outputCompressionIsTheJpegQuality() {
        Image original = Codecs.decode(TestImages.png(512, 512), DecodeLimits.defaults());
        Map<Integer, byte[]> bytes = new HashMap<>();
        Map<Integer, Double> quality = new HashMap<>();
        for (int compression : List.of(5, 95)) {
            TestClient.Response r = c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "x",
                    "size", "512x512", "output_format", "jpeg", "output_compression", compression,
                    "response_format", "b64_json"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            byte[] jpeg = Base64.getDecoder().decode(r.json().path("data").get(0).path("b64_json").asString());
            bytes.put(compression, jpeg);
            quality.put(compression, Metrics.psnr(Codecs.decode(jpeg, DecodeLimits.defaults()), original));
        }
        assertThat(bytes.get(5).length).as("lower quality, fewer bytes").isLessThan(bytes.get(95).length / 2);
        assertThat(quality.get(95)).as("PSNR at 95 vs 5").isGreaterThan(quality.get(5) + 5);
    }


    @Test
    void upstreamThrottlingIsOur429AndTheFailureIsInTheUsageRecords() {
        upstream.answer(r -> FakeImagesUpstream.error(429, "requests", "rate_limit_exceeded",
                "Rate limit reached for images per minute"));
        TestClient.Response r = c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "x"));
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.json().path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(r.json().path("error").path("message").asString()).contains("Rate limit reached");
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();

        upstream.answer(null);
        int calls = upstream.received().size();
        TestClient.Response still = c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "y"));
        if (still.status() == 429) { // within the upstream's Retry-After nobody is called, and the client is told so
            assertThat(Long.parseLong(still.header("Retry-After"))).isPositive();
            assertThat(upstream.received()).hasSize(calls);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "z")).status() == 200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> c.get("/v1/usage").json().path("data").toString().contains("\"status\":\"success\""));
        JsonNode data = c.get("/v1/usage").json().path("data");
        JsonNode failed = data.get(0);
        assertThat(failed.path("status").asString()).isEqualTo("error");
        assertThat(failed.path("error_code").asString()).isEqualTo("error_inference");
        assertThat(failed.path("cost").asDouble()).isZero();
        assertThat(failed.path("units").asDouble()).isZero();
        assertThat(failed.path("feature").asString()).isEqualTo("images-generations");
        JsonNode ok = data.get(data.size() - 1);
        assertThat(ok.path("status").asString()).isEqualTo("success");
        assertThat(ok.path("error_code").isNull()).isTrue();
    }

    @Test
    void theFeatureListingGivesTheOpenAiPaths() {
        JsonNode features = c.get("/s2s/v2.0/features").json().path("data").path("features");
        Map<String, String> paths = new HashMap<>();
        features.forEach(f -> paths.put(f.path("feature").asString(), f.path("paths").toString()));
        assertThat(paths.get("images-generations")).isEqualTo("[\"/v1/images/generations\"]");
        assertThat(paths.get("images-edits")).isEqualTo("[\"/v1/images/edits\"]");
        assertThat(paths.get("images-variations")).isEqualTo("[\"/v1/images/variations\"]");
    }
}
