package dev.atelier.server.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.graph.OnnxGraph;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.video.ClipWriter;
import dev.atelier.server.EffectTable;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.credits.Units;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.localengines.LocalEngines;
import dev.atelier.server.tasks.DirectRun;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The refusal path of NSFW screening, end to end over HTTP, with a tiny classifier installed the operator's way that
 * calls every picture pornographic: an image feature's input is refused in both wire families, a generator's output is
 * refused at the OpenAI door as {@code content_policy_violation}, a video's frames are refused, and no unit is charged
 * for any of them; {@code atelier run}'s path screens the same way. (The real
 * classifier passing the sample photos is {@code NsfwClassificationRealModelTest} in atelier-engines.)
 */
class NsfwScreeningTest {
    @TempDir
    static Path tmp;

    private static FakeImagesUpstream upstream;
    private static TestServer server;
    private static TestClient c;
    /** The settings {@code atelier run} would read on this machine: the same models directory. */
    private static Map<String, String> local;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path manifests = Files.createDirectories(tmp.resolve("manifests"));
        byte[] onnx = alwaysPorn();
        Path file = tmp.resolve("always-nsfw.onnx");
        Files.write(file, onnx);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        Files.writeString(manifests.resolve("always-nsfw.json"), """
                {"id": "always-nsfw", "description": "calls everything porn", "capability": "nsfw-classification",
                 "family": "nsfwjs",
                 "license": {"id": "MIT", "url": "https://opensource.org/license/mit", "summary": "test", "permissive": true},
                 "files": [{"name": "model.onnx", "size": %d, "sha256": "%s", "sources": []}],
                 "contract": {"inputs": [{"name": "input:0", "type": "float32", "shape": [1, 224, 224, 3], "layout": "NHWC"}],
                              "outputs": [{"name": "Identity:0", "type": "float32", "shape": [1, 5]}], "preprocessing": "test"},
                 "runMemoryMb": 16}
                """.formatted(onnx.length, sha));
        Map<String, String> env = Map.of("ATELIER_MODEL_MANIFESTS", manifests.toString(), "HOME", tmp.toString());
        try (ModelRegistry registry = new ModelRegistry(models, ModelRegistry.manifests(env),
                RegistrySettings.fromEnvironment(env))) {
            registry.importFile(file);
        }
        local = new HashMap<>(Map.of("ATELIER_DATA", Files.createDirectories(tmp.resolve("cli")).toString(),
                "ATELIER_MODELS_DIR", models.toString(), "ATELIER_MODEL_MANIFESTS", manifests.toString(),
                "ATELIER_NSFW_MODEL", "always-nsfw"));
        upstream = FakeImagesUpstream.start();
        Map<String, String> s = new HashMap<>(upstream.settings("fake", "sdxl#text+image+edit"));
        s.put("ATELIER_MODELS_DIR", models.toString());
        s.put("ATELIER_MODEL_MANIFESTS", manifests.toString());
        s.put("ATELIER_NSFW_MODEL", "always-nsfw");
        s.put("ATELIER_FEATURE_COSTS", "enhance=1,images-generations=1,video-enhance=1");
        s.put("ATELIER_VIDEO_MAX_DURATION", "5s"); // a video task reserves its longest duration's units
        server = TestServer.start(s);
        c = server.client();
        server.server().ledger().grant(server.keyId(server.key()), Units.parse("10"), GrantType.PAYG, null, "test");
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

    /** Identity:0 = [0, 0, 0, 1, 0] (porn) whatever the input: 0 · mean(input) + constant. */
    static byte[] alwaysPorn() {
        OnnxGraph g = new OnnxGraph();
        g.input("input:0", new long[] {1, 224, 224, 3});
        g.floats("zero", new float[] {0});
        g.floats("porn", new float[] {0, 0, 0, 1, 0}, 1, 5);
        g.node("ReduceMean", List.of("input:0"), List.of("mean"), "keepdims", 0L);
        g.node("Mul", List.of("mean", "zero"), List.of("nothing"));
        g.node("Add", List.of("nothing", "porn"), List.of("Identity:0"));
        g.output("Identity:0", new long[] {1, 5});
        return g.build("test");
    }

    private static long available() {
        await().until(() -> server.server().ledger().balance(server.keyId(server.key())).reserved() == 0);
        return server.server().ledger().balance(server.keyId(server.key())).available();
    }

    private static String upload() {
        return YouCamFlowsAccess.uploadJpeg(c, TestImages.jpeg(64, 64));
    }

    @Test
    void aFlaggedInputEndsAV2TaskWithTheNsfwCodeAndChargesNothing() {
        long before = available();
        TestClient.Response r = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", upload(), "scale", 1));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/enhance/"
                + r.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("error");
        assertThat(status.path("error").asString()).isEqualTo("error_nsfw_content_detected");
        assertThat(status.path("error_message").asString()).contains("input", "porn", "onnx:always-nsfw");
        assertThat(available()).isEqualTo(before);
    }

    @Test
    void aFlaggedInputEndsALegacyTaskWithTheNsfwCodeAndChargesNothing() {
        long before = available();
        TestClient.Response r = c.post("/s2s/v1.0/task/enhance", Map.of("request_id", 7, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(upload())),
                "actions", List.of(Map.of("id", 0, "params", Map.of("scale", 1))))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode done = YouCamFlowsAccess.pollLegacy(c, "/s2s/v1.0/task/enhance?task_id="
                + r.json().path("result").path("task_id").asString());
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("error");
        assertThat(done.path("error").asString()).isEqualTo("error_nsfw_content_detected");
        assertThat(available()).isEqualTo(before);
    }

    @Test
    void aFlaggedGeneratedPictureIsAContentPolicyViolationAtTheOpenAiDoor() {
        long before = available();
        int sent = upstream.received().size();
        TestClient.Response r = c.post("/v1/images/generations", Map.of("model", "sdxl", "prompt", "a fox"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("error").path("code").asString()).isEqualTo("content_policy_violation");
        assertThat(upstream.received().size()).as("the generator was asked, its picture refused").isGreaterThan(sent);
        assertThat(available()).isEqualTo(before);
    }

    @Test
    void aFlaggedVideoFrameEndsAVideoTaskWithTheNsfwCodeAndChargesNothing() throws Exception {
        long before = available();
        Path clip = tmp.resolve("clip.mp4");
        ClipWriter.write(clip, new ClipWriter.Spec("mp4", 10, 15, false, 0), i -> frame(64, 48, i));
        byte[] bytes = Files.readAllBytes(clip);
        TestClient.Response slot = c.post("/s2s/v2.0/file/video-enhance", Map.of("files", List.of(Map.of(
                "content_type", "video/mp4", "file_name", "clip.mp4", "file_size", bytes.length))));
        assertThat(slot.status()).as(slot.toString()).isEqualTo(200);
        JsonNode file = slot.json().path("data").path("files").get(0);
        assertThat(TestClient.put(file.path("requests").get(0).path("url").asString(), bytes,
                Map.of("Content-Type", "video/mp4")).status()).isEqualTo(200);
        TestClient.Response r = c.post("/s2s/v2.0/task/video-enhance", Map.of("src_file_id",
                file.path("file_id").asString(), "scale", 1));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/video-enhance/"
                + r.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("error");
        assertThat(status.path("error").asString()).isEqualTo("error_nsfw_content_detected");
        assertThat(status.path("error_message").asString()).contains("input frame at 0.0 s", "porn");
        assertThat(available()).isEqualTo(before);
    }

    /** {@code atelier run}'s path (DirectRun over the effect table the CLI builds) screens pictures and videos. */
    @Test
    void atelierRunScreensPicturesAndVideoFramesToo() throws Exception {
        Settings settings = Settings.from(SettingsSource.of(local));
        try (LocalEngines engines = new LocalEngines(settings)) {
            DirectRun direct = new DirectRun(EffectTable.of(engines, settings.source()).effects(),
                    new DecodeLimits(settings.maxImagePixels(), settings.maxUploadBytes()));
            assertThatThrownBy(() -> direct.run(direct.effect("enhance"), DirectRun.Inputs.sources(List.of(
                    TestImages.jpeg(64, 64))), Map.of("scale", 1), null, Progress.none()))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.code().wire()).isEqualTo("error_nsfw_content_detected"));

            Path clip = tmp.resolve("local.mp4");
            ClipWriter.write(clip, new ClipWriter.Spec("mp4", 10, 25, false, 0), i -> frame(64, 48, i));
            Path out = tmp.resolve("local-out.mp4");
            VideoEffect video = (VideoEffect) direct.effect("video-enhance");
            assertThatThrownBy(() -> direct.runVideo(video, clip, out, Map.of("scale", 1), null, Progress.none()))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code().wire()).isEqualTo("error_nsfw_content_detected");
                        assertThat(e.getMessage()).contains("input frame at 0.0 s");
                    });
        }
    }

    private static dev.atelier.imaging.Image frame(int w, int h, int i) {
        dev.atelier.imaging.Image img = dev.atelier.imaging.Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(0, x, y, ((x + i) % 16) / 16f);
                img.set(1, x, y, y / (float) h);
                img.set(2, x, y, 0.5f);
            }
        }
        return img;
    }

    @Test
    void theBannerLineSaysScreeningIsOnWithItsRule() {
        assertThat(server.server().screeningStatus()).contains("on", "onnx:always-nsfw", "hentai+porn below 0.7");
    }
}
