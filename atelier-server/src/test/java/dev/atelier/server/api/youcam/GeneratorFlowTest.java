package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The YouCam AI Image Generator V1/V2 end to end against a fake OpenAI-compatible upstream configured with
 * {@code ATELIER_PROVIDER_*} settings: the requests Atelier sends upstream, the sizes it delivers, the limits of
 * CONTRACTS A.6 and the metadata of the result.
 */
class GeneratorFlowTest {
    private FakeImagesUpstream upstream;
    private TestServer server;
    private TestClient c;

    @BeforeEach
    void start() {
        upstream = FakeImagesUpstream.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        upstream.close();
    }

    private void serve(String models, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(upstream.settings("fake", models));
        s.putAll(extra);
        server = TestServer.start(s);
        c = server.client();
    }

    private JsonNode runV2(String path, Map<String, Object> body) {
        TestClient.Response run = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String id = run.json().path("data").path("task_id").asString();
        return YouCamFlows.pollUntilDone(c, "/s2s/v2.0/task/" + path + "/" + id, "data", "task_status");
    }

    private static BufferedImage result(JsonNode status) {
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        TestClient.Response img = TestClient.fetch(status.path("results").path("url").asString());
        assertThat(img.status()).isEqualTo(200);
        return TestImages.decode(img.body());
    }

    @Test
    void v2TextToImageSendsTheRequestUpstreamAndDeliversTheChosenSize() {
        serve("sdxl#text+image+edit", Map.of());
        JsonNode status = runV2("text-to-image/youcam", Map.of("model", "youcam-image-v2",
                "prompt", "a lighthouse at dusk", "negative_prompt", "people", "size", "1472*1104"));
        BufferedImage out = result(status);
        assertThat(out.getWidth()).isEqualTo(1472);
        assertThat(out.getHeight()).isEqualTo(1104);

        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/generations");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer upstream-secret");
        JsonNode body = sent.json();
        assertThat(body.path("model").asString()).isEqualTo("sdxl");
        assertThat(body.path("size").asString()).isEqualTo("1472x1104");
        assertThat(body.path("negative_prompt").asString()).isEqualTo("people");
        assertThat(body.path("prompt").asString()).startsWith("a lighthouse at dusk, ").contains("highly detailed");
        assertThat(body.path("n").asInt()).isEqualTo(1);

        JsonNode meta = status.path("metadata");
        assertThat(meta.path("provider").asString()).isEqualTo("fake");
        assertThat(meta.path("model").asString()).isEqualTo("sdxl");
        assertThat(meta.path("engine").asString()).isEqualTo("remote:fake");
        assertThat(meta.path("engine_kind").asString()).isEqualTo("remote");
        assertThat(meta.path("cost").asDouble()).isEqualTo(0.02);
        assertThat(meta.has("seed")).isTrue();
        assertThat(meta.path("prompt_extend").asBoolean()).isTrue();
    }

    @Test
    void v2TextToImageDefaultsTo1664x928AndSendsThePromptVerbatimWithoutExtension() {
        serve("sdxl", Map.of());
        JsonNode status = runV2("text-to-image/youcam", Map.of("model", "youcam-image-v2",
                "prompt", "一只猫", "prompt_extend", false));
        BufferedImage out = result(status);
        assertThat(out.getWidth()).isEqualTo(1664);
        assertThat(out.getHeight()).isEqualTo(928);
        assertThat(upstream.last().json().path("prompt").asString()).isEqualTo("一只猫");
    }

    @Test
    void aModelWithFixedSizesIsAskedForTheNearestAndTheResultIsFittedExactly() {
        serve("dall-e-3", Map.of());
        JsonNode status = runV2("text-to-image/youcam", Map.of("model", "youcam-image-v2",
                "prompt", "a fox", "size", "928*1664"));
        BufferedImage out = result(status);
        assertThat(out.getWidth()).isEqualTo(928);
        assertThat(out.getHeight()).isEqualTo(1664);
        assertThat(upstream.last().json().path("size").asString()).isEqualTo("1024x1792");
        assertThat(status.path("metadata").path("upstream_size").asString()).isEqualTo("1024x1792");
        assertThat(status.path("metadata").path("revised_prompt").asString()).contains("revised");
        assertThat(status.path("metadata").path("cost").asDouble()).isEqualTo(0.04);
    }

    @Test
    void theConfiguredModelIsTheOneAskedFor() {
        serve("sdxl,flux-dev", Map.of("ATELIER_GENERATOR_V2_MODEL", "flux-dev"));
        result(runV2("text-to-image/youcam", Map.of("model", "youcam-image-v2", "prompt", "a fox")));
        assertThat(upstream.last().json().path("model").asString()).isEqualTo("flux-dev");
    }

    static List<Object[]> badV2TextRequests() {
        return List.of(
                new Object[] {Map.of("prompt", "a fox"), "model is required"},
                new Object[] {Map.of("model", "youcam-image-v3", "prompt", "a fox"), "model must be youcam-image-v2"},
                new Object[] {Map.of("model", "youcam-image-v2"), "prompt is required"},
                new Object[] {Map.of("model", "youcam-image-v2", "prompt", "a".repeat(801)), "at most 800"},
                new Object[] {Map.of("model", "youcam-image-v2", "prompt", "a fox", "negative_prompt", "b".repeat(501)),
                        "at most 500"},
                new Object[] {Map.of("model", "youcam-image-v2", "prompt", "a fox", "size", "1024*1024"),
                        "size must be one of"},
                new Object[] {Map.of("model", "youcam-image-v2", "prompt", "a fox", "prompt_extend", "yes"),
                        "prompt_extend must be true or false"});
    }

    @ParameterizedTest
    @MethodSource("badV2TextRequests")
    void v2TextToImageRefusesRequestsOutsideTheContract(Map<String, Object> body, String message) {
        serve("sdxl", Map.of());
        TestClient.Response r = c.post("/s2s/v2.0/task/text-to-image/youcam", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("error_code").asString()).isEqualTo("InvalidParameters");
        assertThat(r.json().path("error").asString()).contains(message);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void promptLengthCountsCharactersNotBytes() {
        serve("sdxl", Map.of());
        TestClient.Response ok = c.post("/s2s/v2.0/task/text-to-image/youcam",
                Map.of("model", "youcam-image-v2", "prompt", "猫".repeat(800)));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void v1TemplatesArePagedAndATemplateStylesThePromptAtOneThousandTwentyFourPixels() {
        serve("sdxl", Map.of());
        TestClient.Response page1 = c.get("/s2s/v2.0/task/template/text-to-image?page_size=5");
        assertThat(page1.status()).as(page1.toString()).isEqualTo(200);
        JsonNode data = page1.json().path("data");
        assertThat(data.path("templates")).hasSize(5);
        String token = data.path("next_token").asString();
        TestClient.Response page2 = c.get("/s2s/v2.0/task/template/text-to-image?page_size=20&starting_token="
                + token);
        JsonNode rest = page2.json().path("data");
        assertThat(rest.path("next_token").isNull()).isTrue();
        assertThat(rest.path("templates").get(0).path("id").asString())
                .isNotEqualTo(data.path("templates").get(0).path("id").asString());
        assertThat(c.get("/s2s/v2.0/task/template/text-to-image?page_size=21").status()).isEqualTo(400);

        JsonNode status = runV2("text-to-image", Map.of("prompt", "a harbour", "template_id", "watercolor",
                "width_ratio", 3, "height_ratio", 4, "seed", List.of(42)));
        BufferedImage out = result(status);
        assertThat(out.getWidth()).isEqualTo(768);
        assertThat(out.getHeight()).isEqualTo(1024);
        JsonNode sent = upstream.last().json();
        assertThat(sent.path("prompt").asString()).startsWith("a harbour, watercolor painting");
        assertThat(sent.path("seed").asLong()).isEqualTo(42);
        assertThat(sent.path("negative_prompt").asString()).contains("photo");
        assertThat(status.path("metadata").path("template_id").asString()).isEqualTo("watercolor");
    }

    @Test
    void v1RefusesUnknownTemplatesLongPromptsAndExtremeRatios() {
        serve("sdxl", Map.of());
        TestClient.Response unknown = c.post("/s2s/v2.0/task/text-to-image",
                Map.of("prompt", "a fox", "template_id", "nope"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asString()).contains("template_id 'nope'");
        TestClient.Response missing = c.post("/s2s/v2.0/task/text-to-image", Map.of("prompt", "a fox"));
        assertThat(missing.json().path("error").asString()).contains("template_id is required");
        TestClient.Response longPrompt = c.post("/s2s/v2.0/task/text-to-image",
                Map.of("prompt", "a".repeat(501), "template_id", "anime"));
        assertThat(longPrompt.json().path("error").asString()).contains("at most 500");
        TestClient.Response ratio = c.post("/s2s/v2.0/task/text-to-image",
                Map.of("prompt", "a fox", "template_id", "anime", "width_ratio", 5, "height_ratio", 1));
        assertThat(ratio.json().path("error").asString()).contains("between 1:4 and 4:1");
    }

    @Test
    void legacyStyleGroupsAndStylesDriveTheLegacyRun() throws Exception {
        serve("sdxl", Map.of());
        TestClient.Response groups = c.get("/s2s/v1.0/task/style-group/text-to-image");
        assertThat(groups.status()).as(groups.toString()).isEqualTo(200);
        JsonNode group = groups.json().path("result").path("groups").get(0);
        long groupId = group.path("id").asLong();
        assertThat(groupId).isGreaterThan(1L << 53); // beyond JavaScript's safe integers, as in the original
        TestClient.Response styles = c.get("/s2s/v1.0/task/style/text-to-image?style_group_id=" + groupId);
        long styleId = styles.json().path("result").path("styles").get(0).path("id").asLong();

        String token = server.client().post("/s2s/v1.0/client/auth", Map.of("client_id", server.key().clientId(),
                "id_token", YouCamFlows.idToken(server.key().clientId(), server.key().publicKey(),
                        server.clock().instant()))).json().path("result").path("access_token").asString();
        TestClient legacy = server.anonymous().withToken(token);
        Map<String, Object> params = Map.of("prompt", "a quiet street", "style_group_id", groupId,
                "style_ids", List.of(styleId));
        TestClient.Response run = legacy.post("/s2s/v1.0/task/text-to-image", Map.of("request_id", 0,
                "payload", Map.of("actions", List.of(Map.of("id", 0, "params", params)))));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String taskId = run.json().path("result").path("task_id").asString();
        JsonNode status = YouCamFlows.pollUntilDone(legacy, "/s2s/v1.0/task/text-to-image?task_id=" + taskId,
                "result", "status");
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("success");
        BufferedImage out = TestImages.decode(TestClient.fetch(
                status.path("results").get(0).path("data").get(0).path("url").asString()).body());
        assertThat(out.getWidth()).isEqualTo(1024);
        assertThat(out.getHeight()).isEqualTo(1024);
        assertThat(upstream.last().json().path("prompt").asString()).startsWith("a quiet street, photorealistic");

        TestClient.Response badGroup = legacy.post("/s2s/v1.0/task/text-to-image", Map.of("request_id", 1,
                "payload", Map.of("actions", List.of(Map.of("id", 0, "params", Map.of("prompt", "x",
                        "style_group_id", 1, "style_ids", List.of(styleId)))))));
        assertThat(badGroup.json().path("error_code").asString()).isEqualTo("InvalidStyleGroup");
        TestClient.Response badStyle = legacy.post("/s2s/v1.0/task/text-to-image", Map.of("request_id", 2,
                "payload", Map.of("actions", List.of(Map.of("id", 0, "params", Map.of("prompt", "x",
                        "style_group_id", groupId, "style_ids", List.of(7)))))));
        assertThat(badStyle.json().path("error_code").asString()).isEqualTo("InvalidStyle");
        assertThat(c.get("/s2s/v1.0/task/style/text-to-image?style_group_id=3").json().path("error_code")
                .asString()).isEqualTo("InvalidStyleGroup");
    }

    private String upload(int width, int height) {
        byte[] png = TestImages.png(width, height);
        TestClient.Response files = c.post("/s2s/v2.0/file/image-to-image/youcam", Map.of("files", List.of(
                Map.of("content_type", "image/png", "file_name", "in.png", "file_size", png.length))));
        assertThat(files.status()).as(files.toString()).isEqualTo(200);
        JsonNode slot = files.json().path("data").path("files").get(0);
        JsonNode request = slot.path("requests").get(0);
        TestClient.Response put = TestClient.put(request.path("url").asString(), png,
                Map.of("Content-Type", "image/png"));
        assertThat(put.status()).isEqualTo(200);
        return slot.path("file_id").asString();
    }

    @Test
    void imageToImageSnapsAnExplicitSizeToMultiplesOfSixteenAndSendsEverySource() {
        serve("sdxl#text+image+edit", Map.of());
        String a = upload(640, 480);
        String b = upload(500, 500);
        JsonNode status = runV2("image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "src_file_ids", List.of(a, b), "prompt", "Put the cat from Image 2 into Image 1", "size", "1033*1032"));
        BufferedImage out = result(status);
        assertThat(out.getWidth()).isEqualTo(1040);
        assertThat(out.getHeight()).isEqualTo(1024);
        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        Map<String, byte[]> parts = sent.parts();
        assertThat(parts).containsKeys("image[]", "image[]#2");
        assertThat(TestImages.decode(parts.get("image[]")).getWidth()).isEqualTo(640);
        assertThat(sent.field("size")).isEqualTo("1040x1024");
        assertThat(sent.field("prompt")).startsWith("Put the cat from Image 2 into Image 1");
        assertThat(status.path("metadata").path("size").asString()).isEqualTo("1040*1024");
    }

    @Test
    void imageToImageDefaultsToAboutAMegapixelWithTheLastSourcesAspect() {
        serve("sdxl#text+image+edit", Map.of());
        String a = upload(500, 500);
        String b = upload(1200, 600);
        BufferedImage out = result(runV2("image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "src_file_ids", List.of(a, b), "prompt", "blend")));
        assertThat(out.getWidth()).isEqualTo(1440);
        assertThat(out.getHeight()).isEqualTo(720);
        assertThat(out.getWidth() % 16).isZero();
        assertThat((double) out.getWidth() * out.getHeight() / (1024.0 * 1024)).isBetween(0.9, 1.1);
    }

    @Test
    void imageToImageInputLimitsAreEngineCodes() {
        serve("sdxl#text+image+edit", Map.of());
        JsonNode small = runV2("image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "src_file_ids", List.of(upload(383, 600)), "prompt", "x"));
        assertThat(small.path("task_status").asString()).isEqualTo("error");
        assertThat(small.path("error").asString()).isEqualTo("error_below_min_image_size");
        JsonNode ratio = runV2("image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "src_file_ids", List.of(upload(400, 2000)), "prompt", "x"));
        assertThat(ratio.path("error").asString()).isEqualTo("error_unsupport_ratio");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void imageToImageRequestLimitsAreInvalidParameters() {
        serve("sdxl#text+image+edit", Map.of());
        String f = upload(500, 500);
        TestClient.Response four = c.post("/s2s/v2.0/task/image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "src_file_ids", List.of(f, f, f, f), "prompt", "x"));
        assertThat(four.status()).isEqualTo(400);
        assertThat(four.json().path("error").asString()).contains("1..3 src file(s)");
        TestClient.Response none = c.post("/s2s/v2.0/task/image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "prompt", "x"));
        assertThat(none.status()).isEqualTo(400);
        for (String size : List.of("511*1024", "1024*2049", "big")) {
            TestClient.Response r = c.post("/s2s/v2.0/task/image-to-image/youcam", Map.of("model", "youcam-image-v2",
                    "src_file_ids", List.of(f), "prompt", "x", "size", size));
            assertThat(r.status()).as(size).isEqualTo(400);
            assertThat(r.json().path("error").asString()).contains("size");
        }
    }

    @Test
    void anUpstreamContentRefusalIsTheNsfwEngineCode() {
        serve("sdxl", Map.of());
        upstream.answer(r -> FakeImagesUpstream.error(400, "invalid_request_error", "content_policy_violation",
                "Your request was rejected by the safety system."));
        JsonNode status = runV2("text-to-image/youcam", Map.of("model", "youcam-image-v2", "prompt", "x"));
        assertThat(status.path("task_status").asString()).isEqualTo("error");
        assertThat(status.path("error").asString()).isEqualTo("error_nsfw_content_detected");
        assertThat(status.path("error_message").asString()).contains("safety system");
    }

    @Test
    void withoutAnyProviderTheGeneratorNamesTheSettingsToAdd() {
        server = TestServer.start();
        c = server.client();
        for (String path : List.of("text-to-image/youcam", "image-to-image/youcam", "text-to-image")) {
            // each path gets only the fields it reads: others are refused as unknown (FieldErrorsTest)
            Map<String, Object> body = switch (path) {
                case "text-to-image/youcam" -> Map.of("model", "youcam-image-v2", "prompt", "x");
                case "image-to-image/youcam" -> Map.of("model", "youcam-image-v2", "prompt", "x",
                        "template_id", "anime");
                default -> Map.of("prompt", "x", "template_id", "anime");
            };
            TestClient.Response r = c.post("/s2s/v2.0/task/" + path, body);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
            assertThat(r.json().path("error").asString()).contains("no image generation provider is configured")
                    .contains("ATELIER_PROVIDER_OPENAI_API_KEY");
        }
    }

    @Test
    void theFeatureListingDescribesTheGeneratorsAndTheirEngines() {
        serve("sdxl#text+image+edit", Map.of());
        TestClient.Response r = c.get("/s2s/v2.0/features");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, JsonNode> byFeature = new HashMap<>();
        r.json().path("data").path("features").forEach(f -> byFeature.put(f.path("feature").asString(), f));
        JsonNode v2 = byFeature.get("text-to-image-youcam");
        assertThat(v2.path("paths").get(0).asString()).isEqualTo("/s2s/v2.0/task/text-to-image/youcam");
        assertThat(v2.path("engines").toString()).contains("remote:fake");
        assertThat(v2.path("parameters").toString()).contains("1664*928").contains("prompt_extend");
        JsonNode i2i = byFeature.get("image-to-image-youcam");
        assertThat(i2i.path("input").path("sources").toString()).contains("3");
        assertThat(i2i.path("input").path("min_short_side").asInt()).isEqualTo(384);
        assertThat(byFeature.get("text-to-image").path("parameters").toString()).contains("watercolor");
    }
}
