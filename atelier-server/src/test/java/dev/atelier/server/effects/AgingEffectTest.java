package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.graph.OnnxGraph;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Aging end to end on the astronaut's portrait: the real face models, the pinned age model ({@code age-ssrnet}, SSR-Net
 * from npm converted at install; the estimate lands in {@code res_age}), and the generator's edits from a fake upstream.
 * (The age contract's other shapes, NCHW and distributions, are {@code OnnxAgeEstimationTest}'s.) Checks the {@code AgingResponseV2} shape in both
 * families, and the errors without an age model, without a face and below the minimum size.
 */
class AgingEffectTest {
    @TempDir
    static Path tmp;

    private static FakeImagesUpstream upstream;
    private static TestServer server;
    private static TestClient c;
    private static Image astronaut;
    private static String astronautId;

    @BeforeAll
    static void start() throws Exception {
        Path real = RealModels.modelsDir("blazeface-back", "face-mesh", "selfie-segmentation", "age-ssrnet");
        Path models = Files.createDirectories(tmp.resolve("models"));
        for (String id : List.of("blazeface-back", "face-mesh", "selfie-segmentation", "age-ssrnet")) {
            Files.createSymbolicLink(models.resolve(id), real.resolve(id));
        }
        upstream = FakeImagesUpstream.start();
        Map<String, String> s = new HashMap<>(upstream.settings("fake", "sdxl#text+image+edit"));
        s.put("ATELIER_MODELS_DIR", models.toString());
        server = TestServer.start(s);
        c = server.client();
        byte[] photo = RealModels.photo("astronaut.png");
        astronaut = Codecs.decode(photo, DecodeLimits.defaults()).withoutAlpha();
        astronautId = GenerativeEditsTest.upload(c, photo);
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

    @Test
    void agingGivesSeveralAgesSortedWithThePhotoItselfAndItsAge() {
        int before = upstream.received().size();
        TestClient.Response r = c.post("/s2s/v2.0/task/aging", Map.of("src_file_id", astronautId,
                "output_ext", "png"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/aging/"
                + r.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        JsonNode results = status.path("results");
        JsonNode output = results.path("output");
        int age = results.path("age").asInt();
        int idx = results.path("agd_idx").asInt();
        System.out.println("aging (age-ssrnet): estimated age " + age + ", " + output.size() + " photos, input at " + idx);
        assertThat(age).isBetween(5, 90);
        assertThat(results.path("age_idx").asInt()).isEqualTo(idx);
        assertThat(results.path("num_of_photos").asInt()).isEqualTo(output.size()).isGreaterThanOrEqualTo(3);
        assertThat(output.get(idx).path("res_age").asInt()).isEqualTo(age);
        for (int i = 1; i < output.size(); i++) {
            assertThat(output.get(i).path("res_age").asInt()).isGreaterThan(output.get(i - 1).path("res_age").asInt());
        }
        assertThat(results.path("age_min").asInt()).isEqualTo(output.get(0).path("res_age").asInt());
        assertThat(results.path("age_max").asInt()).isEqualTo(output.get(output.size() - 1).path("res_age").asInt());
        // one generator edit per other age, each asking for that age
        List<FakeImagesUpstream.Received> sent = upstream.received().subList(before, upstream.received().size());
        assertThat(sent).hasSize(output.size() - 1);
        assertThat(sent).allSatisfy(x -> assertThat(x.path()).isEqualTo("/v1/images/edits"));
        assertThat(sent.getLast().field("prompt")).contains(output.get(output.size() - 1).path("res_age").asString()
                + " years old");
        Image same = Codecs.decode(TestClient.fetch(output.get(idx).path("url").asString()).body(),
                DecodeLimits.defaults());
        assertThat(Metrics.psnr(same, astronaut)).isGreaterThan(45);
        assertThat(status.path("metadata").path("age_engine").asString()).isEqualTo("onnx:age-ssrnet");

        // the legacy family: results[0].data[] with res_age, and custom_info
        TestClient.Response legacy = c.post("/s2s/v1.0/task/aging", Map.of("request_id", 0, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(astronautId)), "actions", List.of(Map.of("id", 0)))));
        JsonNode done = YouCamFlowsAccess.pollLegacy(c, "/s2s/v1.0/task/aging?task_id="
                + legacy.json().path("result").path("task_id").asString());
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("success");
        JsonNode action = done.path("results").get(0);
        assertThat(action.path("custom_info").path("age").asInt()).isEqualTo(age);
        assertThat(action.path("data").get(action.path("custom_info").path("age_idx").asInt()).path("res_age").asInt())
                .isEqualTo(age);
    }

    @Test
    void facelessAndTooSmallPhotosGetTheDocumentedCodes() {
        String coffee = GenerativeEditsTest.upload(c, RealModels.photo("coffee.png"));
        JsonNode none = run(coffee);
        assertThat(none.path("error").asString()).isEqualTo("error_no_face");
        String small = GenerativeEditsTest.upload(c, Codecs.encodeLossless(GenerativeEditsTest.flat(400, 300, 0.5f),
                dev.atelier.imaging.ImageFormat.PNG));
        assertThat(run(small).path("error").asString()).isEqualTo("error_below_min_image_size");
    }

    @Test
    void withoutAnAgeModelAgingSaysWhatToInstall() throws Exception {
        Path real = RealModels.modelsDir("blazeface-back", "face-mesh", "selfie-segmentation");
        Path faceModelsOnly = Files.createDirectories(tmp.resolve("no-age-model"));
        for (String id : List.of("blazeface-back", "face-mesh", "selfie-segmentation")) {
            Files.createSymbolicLink(faceModelsOnly.resolve(id), real.resolve(id));
        }
        Map<String, String> s = new HashMap<>(upstream.settings("fake", "sdxl#text+image+edit"));
        s.put("ATELIER_MODELS_DIR", faceModelsOnly.toString());
        try (TestServer bare = TestServer.start(s)) {
            TestClient b = bare.client();
            String src = GenerativeEditsTest.upload(b, RealModels.photo("astronaut.png"));
            TestClient.Response r = b.post("/s2s/v2.0/task/aging", Map.of("src_file_id", src));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
            assertThat(r.json().path("error").asString()).contains("age-ssrnet",
                    "./atelier models pull age-ssrnet --accept-license");
        }
    }

    private static JsonNode run(String fileId) {
        TestClient.Response r = c.post("/s2s/v2.0/task/aging", Map.of("src_file_id", fileId));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/aging/" + r.json().path("data").path("task_id").asString());
    }
}
