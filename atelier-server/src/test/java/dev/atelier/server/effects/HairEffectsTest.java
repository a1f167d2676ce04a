package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The hair features end to end: template lists in both families, the face rules of D.7 on real photos with the real
 * detector, mesh and selfie segmentation, and the generator's edit (a fake OpenAI-compatible upstream) painting
 * inside the hair mask only. The astronaut is upscaled 2× so her face is wider than the 128 px the rules ask.
 */
class HairEffectsTest {
    private static FakeImagesUpstream upstream;
    private static TestServer server;
    private static TestClient c;
    private static Image big;
    private static String bigId;
    private static String smallId;
    private static String otherId;
    private static String coffeeId;

    @BeforeAll
    static void start() {
        var models = RealModels.modelsDir("blazeface-back", "face-mesh", "selfie-segmentation");
        byte[] photo = RealModels.photo("astronaut.png");
        byte[] coffee = RealModels.photo("coffee.png");
        upstream = FakeImagesUpstream.start();
        Map<String, String> s = new HashMap<>(upstream.settings("fake", "sdxl#text+image+edit"));
        s.put("ATELIER_MODELS_DIR", models.toString());
        server = TestServer.start(s);
        c = server.client();
        Image astronaut = Codecs.decode(photo, DecodeLimits.defaults()).withoutAlpha();
        big = Resample.resize(astronaut, 1024, 1024, Resample.Kernel.LANCZOS3);
        bigId = GenerativeEditsTest.upload(c, Codecs.encodeLossless(big, ImageFormat.PNG));
        smallId = GenerativeEditsTest.upload(c, photo);
        otherId = GenerativeEditsTest.upload(c, Codecs.encodeLossless(FaceEffectsTest.mirroredAndTinted(big),
                ImageFormat.PNG));
        coffeeId = GenerativeEditsTest.upload(c, coffee);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    static JsonNode run(String version, String path, Map<String, Object> body) {
        TestClient.Response r = c.post("/s2s/" + version + "/task/" + path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return YouCamFlowsAccess.poll(c, "/s2s/" + version + "/task/" + path + "/"
                + r.json().path("data").path("task_id").asString());
    }

    @Test
    void templateListsPageInBothFamilies() {
        JsonNode first = c.get("/s2s/v2.0/task/template/hair-style?page_size=5").json().path("data");
        assertThat(first.path("templates")).hasSize(5);
        JsonNode t = first.path("templates").get(0);
        assertThat(t.path("id").asString()).isEqualTo("female_long_waves");
        assertThat(t.path("category_name").asString()).isEqualTo("Female");
        assertThat(t.path("keep_users_color").asBoolean()).isTrue();
        JsonNode second = c.get("/s2s/v2.0/task/template/hair-style?page_size=20&starting_token="
                + first.path("next_token").asString()).json().path("data");
        assertThat(second.path("templates").size()).isPositive();
        assertThat(second.path("next_token").isNull()).isTrue();
        assertThat(c.get("/s2s/v2.1/task/template/hair-transfer").json().path("data").path("templates").size())
                .isEqualTo(5 + second.path("templates").size());
        for (String f : List.of("hair-ext", "hair-bang", "hair-vol", "wig")) {
            assertThat(c.get("/s2s/v2.0/task/template/" + f).json().path("data").path("templates").size())
                    .as(f).isGreaterThanOrEqualTo(3);
        }
        assertThat(c.get("/s2s/v2.0/task/template/hair-bang?page_size=0").status()).isEqualTo(400);

        JsonNode groups = c.get("/s2s/v1.0/task/style-group/hair-ext").json().path("result").path("groups");
        assertThat(groups).hasSize(1);
        long group = groups.get(0).path("id").asLong();
        JsonNode styles = c.get("/s2s/v1.0/task/style/hair-ext?style_group_id=" + group).json().path("result")
                .path("styles");
        assertThat(styles.size()).isGreaterThanOrEqualTo(3);
        TestClient.Response bad = c.get("/s2s/v1.0/task/style/hair-ext?style_group_id=12");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error_code").asString()).isEqualTo("InvalidStyleGroup");
    }

    @Test
    void hairstyleSendsTheTemplatePromptAndAHairMaskAndKeepsTheFace() {
        JsonNode status = run("v2.0", "hair-style", Map.of("src_file_id", bigId, "template_id", "female_pixie",
                "output_ext", "png"));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        JsonNode meta = status.path("metadata");
        assertThat(meta.path("template_id").asString()).isEqualTo("female_pixie");
        assertThat(meta.path("hair_mask").asString()).contains("selfie segmentation");
        assertThat(meta.path("operation").asString()).isEqualTo("masked-edit");

        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        assertThat(sent.field("prompt")).contains("a short textured pixie cut").contains("keep the face");
        Image mask = Codecs.decode(sent.parts().get("mask"), DecodeLimits.defaults());
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "hair"));
            java.nio.file.Files.write(java.nio.file.Path.of("target", "hair", "hair-style-mask.png"),
                    sent.parts().get("mask"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // transparent (= repaint) on her hair above the forehead, opaque on her eyes, nose and the far corners
        assertThat(mask.get(3, 450, 90)).as("hair").isZero();
        assertThat(mask.get(3, 450, 220)).as("eye").isEqualTo(1f);
        assertThat(mask.get(3, 455, 300)).as("nose").isEqualTo(1f);
        assertThat(mask.get(3, 20, 1000)).as("corner").isEqualTo(1f);

        Image out = Codecs.decode(TestClient.fetch(status.path("results").path("url").asString()).body(),
                DecodeLimits.defaults());
        Image face = GenerativeEditsTest.rect(1024, 1024, 420, 220, 500, 300);
        assertThat(Metrics.psnr(out, big, face)).as("the face stays").isGreaterThan(45);
        Image hair = GenerativeEditsTest.rect(1024, 1024, 400, 70, 520, 110);
        assertThat(Metrics.psnr(out, big, hair)).as("the hair is repainted").isLessThan(30);
    }

    @Test
    void faceRulesAnswerTheDocumentedCodes() {
        JsonNode small = run("v2.0", "hair-bang", Map.of("src_file_id", smallId, "template_id", "bang_blunt"));
        assertThat(small.path("error").asString()).isEqualTo("error_face_position_too_small");
        assertThat(small.path("error_message").asString()).contains("128");
        JsonNode none = run("v2.0", "hair-vol", Map.of("src_file_id", coffeeId, "template_id", "vol_root_lift"));
        assertThat(none.path("error").asString()).isEqualTo("error_no_face");
        TestClient.Response unknown = c.post("/s2s/v2.0/task/wig", Map.of("src_file_id", bigId,
                "template_id", "no_such_wig"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asString()).contains("/s2s/v2.0/task/template/wig");
        TestClient.Response missing = c.post("/s2s/v2.0/task/hair-ext", Map.of("src_file_id", bigId));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").asString()).contains("template_id");
    }

    @Test
    void hairTransferUsesTheReferenceAndV21TakesEitherWithHairColour() {
        JsonNode v20 = run("v2.0", "hair-transfer", Map.of("src_file_id", bigId, "ref_file_id", otherId));
        assertThat(v20.path("task_status").asString()).as(v20.toString()).isEqualTo("success");
        Map<String, byte[]> parts = upstream.last().parts();
        assertThat(parts).containsKeys("image[]", "image[]#2").doesNotContainKey("mask");
        assertThat(new String(parts.get("prompt"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("hairstyle of the person in Image 2");

        JsonNode both = run("v2.1", "hair-transfer", Map.of("src_file_id", bigId, "ref_file_id", otherId,
                "template_id", "female_pixie"));
        assertThat(both.path("error").asString()).isEqualTo("invalid_parameter");
        JsonNode own = run("v2.1", "hair-transfer", Map.of("src_file_id", bigId, "template_id", "female_long_waves",
                "hair_color", "src"));
        assertThat(own.path("task_status").asString()).as(own.toString()).isEqualTo("success");
        assertThat(upstream.last().field("prompt")).contains("own current hair colour");
        TestClient.Response badColour = c.post("/s2s/v2.1/task/hair-transfer", Map.of("src_file_id", bigId,
                "template_id", "female_long_waves", "hair_color", "green"));
        assertThat(badColour.status()).isEqualTo(400);
    }

    @Test
    void legacyHairBangRunsWithAStyleGroupAndStyle() {
        long group = c.get("/s2s/v1.0/task/style-group/hair-bang").json().path("result").path("groups").get(0)
                .path("id").asLong();
        long style = c.get("/s2s/v1.0/task/style/hair-bang?style_group_id=" + group).json().path("result")
                .path("styles").get(1).path("id").asLong();
        TestClient.Response run = c.post("/s2s/v1.0/task/hair-bang", Map.of("request_id", 0, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(bigId)),
                "actions", List.of(Map.of("id", 0, "params", Map.of("style_group_id", group,
                        "style_ids", List.of(style)))))));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode done = YouCamFlowsAccess.pollLegacy(c, "/s2s/v1.0/task/hair-bang?task_id="
                + run.json().path("result").path("task_id").asString());
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("success");
        assertThat(upstream.last().field("prompt")).contains("curtain bangs");
        TestClient.Response badStyle = c.post("/s2s/v1.0/task/hair-bang", Map.of("request_id", 1, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(bigId)),
                "actions", List.of(Map.of("id", 0, "params", Map.of("style_group_id", group,
                        "style_ids", List.of(42)))))));
        assertThat(badStyle.status()).isEqualTo(400);
        assertThat(badStyle.json().path("error_code").asString()).isEqualTo("InvalidStyle");
    }
}
