package dev.atelier.server.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.NeedsNative;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible images API over real HTTP against a fake OpenAI-compatible upstream: responses, usage,
 * validation per model (CONTRACTS B.5), the mask conversion, and errors in OpenAI's shape with APIpie's codes.
 */
class OpenAiApiTest {
    static final String MODELS = "dall-e-2,dall-e-3,gpt-image-1,sdxl#text+image+edit";

    private FakeImagesUpstream upstream;
    private TestServer server;
    private TestClient c;

    @BeforeEach
    void start() {
        upstream = FakeImagesUpstream.start();
        server = TestServer.start(upstream.settings("fake", MODELS));
        c = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        upstream.close();
    }

    private static void assertOpenAiError(TestClient.Response r, int status, String code, String param) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        JsonNode e = r.json().path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code")).as(r.toString()).isTrue();
        assertThat(e.path("code").asString()).isEqualTo(code);
        if (param == null) {
            assertThat(e.path("param").isNull()).as(r.toString()).isTrue();
        } else {
            assertThat(e.path("param").asString()).as(r.toString()).isEqualTo(param);
        }
    }

    @Test
    void generatesWithAnExpiringUrlAndReportsUsageAndProvider() {
        TestClient.Response r = c.post("/v1/images/generations", Map.of("model", "dall-e-3",
                "prompt", "a lighthouse", "size", "1792x1024", "quality", "hd", "style", "natural"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        JsonNode item = body.path("data").get(0);
        assertThat(item.path("revised_prompt").asString()).contains("revised");
        String url = item.path("url").asString();
        long expires = Long.parseLong(url.replaceAll(".*expires=(\\d+).*", "$1"));
        assertThat(expires - server.clock().instant().getEpochSecond()).isBetween(3590L, 3600L);
        BufferedImage img = TestImages.decode(TestClient.fetch(url).body());
        assertThat(img.getWidth()).isEqualTo(1792);
        assertThat(img.getHeight()).isEqualTo(1024);

        JsonNode usage = body.path("usage");
        assertThat(usage.path("cost").asDouble()).isEqualTo(0.04);
        assertThat(usage.path("latency_ms").asLong()).isNotNegative();
        assertThat(usage.path("image_size").asString()).isEqualTo("1792x1024");
        assertThat(usage.path("model_used").asString()).isEqualTo("dall-e-3");
        assertThat(body.path("provider").asString()).isEqualTo("fake");

        JsonNode sent = upstream.last().json();
        assertThat(upstream.last().path()).isEqualTo("/v1/images/generations");
        assertThat(sent.path("model").asString()).isEqualTo("dall-e-3");
        assertThat(sent.path("quality").asString()).isEqualTo("hd");
        assertThat(sent.path("style").asString()).isEqualTo("natural");
        assertThat(sent.path("size").asString()).isEqualTo("1792x1024");

        server.clock().advance(Duration.ofMinutes(61));
        assertThat(TestClient.fetch(url).status()).isEqualTo(403);
    }

    @Test
    void gptImageModelsAnswerBase64WithTokenUsage() {
        NeedsNative.webp();
        TestClient.Response r = c.post("/v1/images/generations", Map.of("model", "gpt-image-1",
                "prompt", "two cats", "n", 2, "size", "1024x1536", "output_format", "webp"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode data = r.json().path("data");
        assertThat(data).hasSize(2);
        byte[] first = Base64.getDecoder().decode(data.get(0).path("b64_json").asString());
        assertThat(new String(first, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        JsonNode usage = r.json().path("usage");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(50);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(4160);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(4210);
        assertThat(usage.path("image_size").asString()).isEqualTo("1024x1536");
        assertThat(r.json().path("output_format").asString()).isEqualTo("webp");
        assertThat(upstream.last().json().path("n").asInt()).isEqualTo(2);
        assertThat(upstream.last().json().has("response_format")).isFalse();
    }

    static List<Object[]> invalidGenerations() {
        return List.of(
                new Object[] {Map.of("model", "dall-e-3", "prompt", "x", "n", 2), "n"},
                new Object[] {Map.of("model", "dall-e-2", "prompt", "x", "size", "1792x1024"), "size"},
                new Object[] {Map.of("model", "dall-e-3", "prompt", "x", "quality", "low"), "quality"},
                new Object[] {Map.of("model", "dall-e-2", "prompt", "x", "quality", "hd"), "quality"},
                new Object[] {Map.of("model", "dall-e-2", "prompt", "x", "style", "vivid"), "style"},
                new Object[] {Map.of("model", "dall-e-3", "prompt", "x", "style", "loud"), "style"},
                new Object[] {Map.of("model", "gpt-image-1", "prompt", "x", "response_format", "url"),
                        "response_format"},
                new Object[] {Map.of("model", "gpt-image-1", "prompt", "x", "size", "512x512"), "size"},
                new Object[] {Map.of("model", "dall-e-2", "prompt", "p".repeat(1001)), "prompt"},
                new Object[] {Map.of("model", "dall-e-3", "prompt", "p".repeat(4001)), "prompt"},
                new Object[] {Map.of("model", "dall-e-3"), "prompt"},
                new Object[] {Map.of("model", "dall-e-3", "prompt", "x", "n", 0), "n"},
                new Object[] {Map.of("model", "sdxl", "prompt", "x", "n", 11), "n"},
                new Object[] {Map.of("model", "sdxl", "prompt", "x", "size", "5000x5000"), "size"},
                new Object[] {Map.of("model", "gpt-image-1", "prompt", "x", "background", "transparent",
                        "output_format", "jpeg"), "background"},
                new Object[] {Map.of("model", "dall-e-3", "prompt", "x", "stream", true), "stream"},
                new Object[] {Map.of("model", "midjourney", "prompt", "x"), "model"},
                new Object[] {Map.of("model", "dall-e-3", "prompt", "x", "provider", "nowhere"), "provider"});
    }

    @ParameterizedTest
    @MethodSource("invalidGenerations")
    void invalidGenerationsAreRefusedPerModelBeforeAnyUpstreamCall(Map<String, Object> body, String param) {
        TestClient.Response r = c.post("/v1/images/generations", body);
        assertOpenAiError(r, 400, "invalid_parameter", param);
        assertThat(r.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void withoutAKeyTheAnswerIsAnOpenAiAuthenticationError() {
        TestClient.Response r = server.anonymous().post("/v1/images/generations", Map.of("prompt", "x"));
        assertOpenAiError(r, 401, "invalid_api_key", null);
        TestClient.Response models = server.anonymous().withToken("wrong").get("/v1/models");
        assertOpenAiError(models, 401, "invalid_api_key", null);
    }

    private static byte[] maskTransparentOnTheLeft(int w, int h) {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m.setRGB(x, y, x < w / 2 ? 0x00000000 : 0xFF000000);
            }
        }
        return TestImages.encode(m, "png");
    }

    /** OpenAI's mask as the upstream got it must mark the same area as the client's (transparent = edit). */
    private static void assertLeftHalfTransparent(byte[] mask, int w, int h) {
        BufferedImage m = TestImages.decode(mask);
        assertThat(m.getWidth()).isEqualTo(w);
        assertThat(m.getHeight()).isEqualTo(h);
        int agree = 0;
        for (int y = 0; y < h; y += 4) {
            for (int x = 0; x < w; x += 4) {
                boolean transparent = (m.getRGB(x, y) >>> 24) == 0;
                if (transparent == x < w / 2) {
                    agree++;
                }
            }
        }
        assertThat(agree / (double) ((w / 4) * (h / 4))).isGreaterThan(0.98);
    }

    @Test
    void multipartEditsConvertTheMaskAndAnswerTheEditedImage() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("image", TestImages.png(256, 192));
        files.put("mask", maskTransparentOnTheLeft(256, 192));
        TestClient.Response r = c.postMultipart("/v1/images/edits", Map.of("model", "gpt-image-1",
                "prompt", "paint the left half blue", "size", "1024x1024", "input_fidelity", "high"), files);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("data").get(0).has("b64_json")).isTrue();
        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        assertThat(sent.field("prompt")).isEqualTo("paint the left half blue");
        assertThat(sent.field("input_fidelity")).isEqualTo("high");
        assertLeftHalfTransparent(sent.parts().get("mask"), 256, 192);
        assertThat(TestImages.decode(sent.parts().get("image")).getWidth()).isEqualTo(256);
    }

    @Test
    void jsonEditsTakeDataUrlsAndSeveralImagesWithoutAMask() {
        String a = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(300, 200));
        String b = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(TestImages.jpeg(200, 300));
        TestClient.Response r = c.post("/v1/images/edits", Map.of("model", "gpt-image-1", "prompt", "combine",
                "images", List.of(Map.of("image_url", a), Map.of("image_url", b))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, byte[]> parts = upstream.last().parts();
        assertThat(parts).containsKeys("image[]", "image[]#2").doesNotContainKey("mask");
        assertThat(TestImages.decode(parts.get("image[]#2")).getHeight()).isEqualTo(300);
    }

    @Test
    void jsonEditsWithAMaskDataUrlConvertItToo() {
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(128, 128));
        String mask = "data:image/png;base64," + Base64.getEncoder().encodeToString(maskTransparentOnTheLeft(128, 128));
        TestClient.Response r = c.post("/v1/images/edits", Map.of("model", "gpt-image-1", "prompt", "fix",
                "images", List.of(Map.of("image_url", image)), "mask", Map.of("image_url", mask)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertLeftHalfTransparent(upstream.last().parts().get("mask"), 128, 128);
    }

    @Test
    void dallE2EditsWithoutAMaskEditWhereTheImageIsTransparent() {
        byte[] image = maskTransparentOnTheLeft(256, 256); // an RGBA picture whose left half is transparent
        TestClient.Response r = c.postMultipart("/v1/images/edits", Map.of("model", "dall-e-2", "prompt", "a sun",
                "response_format", "url", "size", "256x256"), Map.of("image", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("data").get(0).path("url").asString()).contains("/files/");
        assertLeftHalfTransparent(upstream.last().parts().get("mask"), 256, 256);
    }

    @Test
    void editsAreRefusedWhereTheModelOrTheFilesDoNotFit() {
        assertOpenAiError(c.postMultipart("/v1/images/edits", Map.of("model", "dall-e-3", "prompt", "x"),
                Map.of("image", TestImages.png(64, 64))), 400, "invalid_parameter", "model");
        assertOpenAiError(c.postMultipart("/v1/images/edits", Map.of("model", "dall-e-2", "prompt", "x"),
                Map.of("image", TestImages.png(64, 32), "mask", maskTransparentOnTheLeft(64, 32))),
                400, "invalid_parameter", "image");
        assertOpenAiError(c.postMultipart("/v1/images/edits", Map.of("model", "gpt-image-1", "prompt", "x"),
                Map.of("image", TestImages.png(64, 64), "mask", maskTransparentOnTheLeft(32, 32))),
                400, "invalid_parameter", "mask");
        assertOpenAiError(c.postMultipart("/v1/images/edits", Map.of("model", "gpt-image-1", "prompt", "x"),
                Map.of("image", TestImages.png(64, 64), "mask", TestImages.png(64, 64))),
                400, "invalid_parameter", "mask");
        assertOpenAiError(c.postMultipart("/v1/images/edits", Map.of("model", "gpt-image-1"),
                Map.of("image", TestImages.png(64, 64))), 400, "invalid_parameter", "prompt");
        assertOpenAiError(c.postMultipart("/v1/images/edits", Map.of("model", "gpt-image-1", "prompt", "x"),
                Map.of("image", "not an image".getBytes())), 400, "invalid_parameter", "image");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void variationsRunOnDallE2() {
        TestClient.Response r = c.postMultipart("/v1/images/variations", Map.of("n", "2", "size", "512x512",
                "response_format", "b64_json"), Map.of("image", TestImages.png(300, 300)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("data")).hasSize(2);
        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/variations");
        assertThat(sent.field("model")).isEqualTo("dall-e-2");
        assertThat(sent.field("n")).isEqualTo("2");
        assertOpenAiError(c.postMultipart("/v1/images/variations", Map.of(), Map.of("image", TestImages.png(300, 200))),
                400, "invalid_parameter", "image");
        assertOpenAiError(c.postMultipart("/v1/images/variations", Map.of("model", "gpt-image-1"),
                Map.of("image", TestImages.png(300, 300))), 400, "invalid_parameter", "model");
    }

    @Test
    void modelsListWhatTheProvidersOfferWithCapabilities() {
        TestClient.Response r = c.get("/v1/models");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        r.json().path("data").forEach(m -> byId.put(m.path("id").asString(), m));
        assertThat(byId).containsKeys("dall-e-2", "dall-e-3", "gpt-image-1", "sdxl");
        JsonNode d3 = byId.get("dall-e-3");
        assertThat(d3.path("owned_by").asString()).isEqualTo("fake");
        assertThat(d3.path("capabilities").path("edits").asBoolean()).isFalse();
        assertThat(d3.path("capabilities").path("max_n").asInt()).isEqualTo(1);
        assertThat(byId.get("dall-e-2").path("capabilities").path("variations").asBoolean()).isTrue();
        assertThat(byId.get("gpt-image-1").path("capabilities").path("response_formats").toString())
                .doesNotContain("url");
        assertThat(c.get("/v1/models/dall-e-3").json().path("id").asString()).isEqualTo("dall-e-3");
        assertOpenAiError(c.get("/v1/models/nope"), 404, "not_found", "model");
    }

    @Test
    void upstreamRefusalsAndOutagesKeepTheOpenAiShape() {
        upstream.answer(r -> FakeImagesUpstream.error(400, "invalid_request_error", "content_policy_violation",
                "Your request was rejected as a result of our safety system."));
        TestClient.Response refused = c.post("/v1/images/generations", Map.of("model", "dall-e-3", "prompt", "x"));
        assertOpenAiError(refused, 400, "content_policy_violation", "prompt");
        assertThat(refused.json().path("error").path("message").asString()).contains("safety system");

        upstream.answer(r -> FakeImagesUpstream.error(503, "server_error", null, "overloaded"));
        TestClient.Response down = c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "x"));
        assertOpenAiError(down, 502, "upstream_error", null);
        assertThat(down.json().path("error").path("type").asString()).isEqualTo("server_error");
    }

    @Test
    void anExplicitProviderIsTheOneThatServes() {
        server.close();
        FakeImagesUpstream second = FakeImagesUpstream.start();
        try {
            Map<String, String> settings = new HashMap<>(upstream.settings("alpha", "sdxl"));
            settings.putAll(second.settings("beta", "sdxl"));
            server = TestServer.start(settings);
            TestClient.Response r = server.client().post("/v1/images/generations", Map.of("model", "sdxl",
                    "prompt", "x", "provider", "beta"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("provider").asString()).isEqualTo("beta");
            assertThat(r.json().path("usage").path("provider").asString()).isEqualTo("beta");
            assertThat(second.received()).hasSize(1);
            assertThat(upstream.received()).isEmpty();
        } finally {
            second.close();
        }
    }

    @Test
    void withoutAProviderTheErrorNamesTheSettingsToAdd() {
        server.close();
        server = TestServer.start();
        TestClient.Response r = server.client().post("/v1/images/generations", Map.of("prompt", "x"));
        assertOpenAiError(r, 400, "feature_unavailable", null);
        assertThat(r.json().path("error").path("message").asString()).contains("ATELIER_PROVIDER_OPENAI_API_KEY");
        assertThat(server.client().get("/v1/models").json().path("data"))
                .as("only the local classical filters, which restyle but never generate")
                .allSatisfy(m -> {
                    assertThat(m.path("owned_by").asString()).isEqualTo("classical");
                    assertThat(m.path("capabilities").path("generations").asBoolean()).isFalse();
                });
    }

    @Test
    void usageListsEachSettledRequestWithProviderModelCostSizeAndSourceAddress() {
        assertThat(c.post("/v1/images/generations", Map.of("model", "dall-e-3", "prompt", "one")).status())
                .isEqualTo(200);
        assertThat(c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "two", "size", "512x768"))
                .status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> c.get("/v1/usage").json().path("data").size() == 2);
        TestClient.Response r = c.get("/v1/usage");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode first = r.json().path("data").get(0);
        assertThat(first.path("feature").asString()).isEqualTo("images-generations");
        assertThat(first.path("provider").asString()).isEqualTo("fake");
        assertThat(first.path("model").asString()).isEqualTo("dall-e-3");
        assertThat(first.path("cost").asDouble()).isEqualTo(0.04);
        assertThat(first.path("image_size").asString()).isEqualTo("1024x1024");
        assertThat(first.path("source_ip").asString()).isEqualTo("127.0.0.1");
        assertThat(first.path("latency_ms").asLong()).isNotNegative();
        JsonNode second = r.json().path("data").get(1);
        assertThat(second.path("model").asString()).isEqualTo("sdxl");
        assertThat(second.path("image_size").asString()).isEqualTo("512x768");
        assertThat(r.json().path("totals").get(0).path("requests").asLong()).isEqualTo(2);
        assertThat(r.json().path("totals").get(0).path("cost").asDouble()).isEqualTo(0.06, org.assertj.core.data.Offset.offset(1e-9));

        TestClient.Response page = c.get("/v1/usage?limit=1");
        assertThat(page.json().path("has_more").asBoolean()).isTrue();
        long after = page.json().path("next_after").asLong();
        JsonNode next = c.get("/v1/usage?limit=1&after=" + after).json();
        assertThat(next.path("data").get(0).path("model").asString()).isEqualTo("sdxl");
        assertThat(next.path("has_more").asBoolean()).isFalse();

        TestClient other = server.anonymous().withToken(server.createKey("other").apiKey());
        assertThat(other.get("/v1/usage").json().path("data")).isEmpty();
        assertOpenAiError(c.get("/v1/usage?limit=0"), 400, "invalid_parameter", "limit");
        assertOpenAiError(c.get("/v1/usage?from=yesterday"), 400, "invalid_parameter", "from");
    }

    @Test
    void theRateLimitAnswersInOpenAiShapeWithApipiesCode() {
        server.close();
        Map<String, String> settings = new HashMap<>(upstream.settings("fake", MODELS));
        settings.put("ATELIER_RATE_LIMIT_ENABLED", "true");
        settings.put("ATELIER_RATE_LIMIT_PER_KEY", "2");
        server = TestServer.start(settings);
        TestClient client = server.client();
        client.get("/v1/models");
        client.get("/v1/models");
        TestClient.Response limited = client.get("/v1/models");
        assertOpenAiError(limited, 429, "rate_limit_exceeded", null);
        assertThat(limited.header("Retry-After")).isNotBlank();
    }
}
