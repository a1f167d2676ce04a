package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.graph.OnnxGraph;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * enhance ×2/×4, obj-removal and colorize through the task API with the model families installed the way an operator
 * installs an export Atelier does not pin: a manifest in {@code ATELIER_MODEL_MANIFESTS} and
 * {@code models import FILE}. The models are tiny ones with the families' tensor names and shapes and known answers.
 */
class ModelFamiliesEffectsTest {
    private static final float[] FILL = {0.2f, 0.6f, 0.4f};

    @TempDir
    static Path tmp;

    private static TestServer server;
    private static TestClient c;

    @BeforeAll
    static void start() throws Exception {
        Path manifests = Files.createDirectories(tmp.resolve("manifests"));
        Path files = Files.createDirectories(tmp.resolve("files"));
        declare(manifests, files, "tiny-sr", "super-resolution", "real-esrgan", nearestX4(),
                "[{\"name\": \"input\", \"type\": \"float32\", \"shape\": [1, 3, -1, -1]}]",
                "[{\"name\": \"output\", \"type\": \"float32\", \"shape\": [1, 3, -1, -1]}]");
        declare(manifests, files, "tiny-lama", "inpainting", "lama", fill(),
                "[{\"name\": \"image\", \"type\": \"float32\", \"shape\": [1, 3, 512, 512]},"
                        + " {\"name\": \"mask\", \"type\": \"float32\", \"shape\": [1, 1, 512, 512]}]",
                "[{\"name\": \"output\", \"type\": \"float32\", \"shape\": [1, 3, 512, 512]}]");
        declare(manifests, files, "tiny-ddcolor", "colorization", "ddcolor", warmer(),
                "[{\"name\": \"input\", \"type\": \"float32\", \"shape\": [1, 3, 512, 512]}]",
                "[{\"name\": \"output\", \"type\": \"float32\", \"shape\": [1, 2, 512, 512]}]");
        Path models = tmp.resolve("models");
        Map<String, String> env = Map.of("ATELIER_MODEL_MANIFESTS", manifests.toString(), "HOME", tmp.toString());
        try (ModelRegistry registry = new ModelRegistry(models, ModelRegistry.manifests(env),
                RegistrySettings.fromEnvironment(env))) {
            for (String id : List.of("tiny-sr", "tiny-lama", "tiny-ddcolor")) {
                registry.importFile(files.resolve(id + ".onnx"));
            }
        }
        server = TestServer.start(Map.of("ATELIER_MODELS_DIR", models.toString(),
                "ATELIER_MODEL_MANIFESTS", manifests.toString(),
                "ATELIER_SUPER_RESOLUTION_MODEL", "tiny-sr",
                "ATELIER_INPAINTING_MODEL", "tiny-lama",
                "ATELIER_COLORIZE_MODEL", "tiny-ddcolor"));
        c = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Writes the model and a manifest naming it as its only source (a file the operator already has). */
    private static void declare(Path manifests, Path files, String id, String capability, String family, byte[] onnx,
            String inputs, String outputs) throws Exception {
        Path file = files.resolve(id + ".onnx");
        Files.write(file, onnx);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        Files.writeString(manifests.resolve(id + ".json"), """
                {"id": "%s", "description": "tiny %s", "capability": "%s", "family": "%s",
                 "license": {"id": "MIT", "url": "https://opensource.org/license/mit", "summary": "test", "permissive": true},
                 "files": [{"name": "model.onnx", "size": %d, "sha256": "%s", "sources": []}],
                 "contract": {"inputs": %s, "outputs": %s, "preprocessing": "test"},
                 "runMemoryMb": 64}
                """.formatted(id, family, capability, family, onnx.length, sha, inputs, outputs));
    }

    /** ×4 nearest neighbour, any size. */
    private static byte[] nearestX4() {
        OnnxGraph g = new OnnxGraph();
        g.input("input", new long[] {1, 3, -1, -1});
        g.floats("roi", new float[0], 0);
        g.floats("scales", new float[] {1, 1, 4, 4}, 4);
        g.node("Resize", List.of("input", "roi", "scales"), List.of("output"), "mode", "nearest", "nearest_mode",
                "floor", "coordinate_transformation_mode", "asymmetric");
        g.output("output", new long[] {1, 3, -1, -1});
        return g.build("test");
    }

    /** 255 · (image outside the mask, FILL inside), as Carve's LaMa export scales its output. */
    private static byte[] fill() {
        OnnxGraph g = new OnnxGraph();
        g.input("image", new long[] {1, 3, 512, 512});
        g.input("mask", new long[] {1, 1, 512, 512});
        g.floats("one", new float[] {1f}, 1);
        g.floats("fill", FILL, 1, 3, 1, 1);
        g.floats("k", new float[] {255f}, 1);
        g.node("Sub", List.of("one", "mask"), List.of("keep"));
        g.node("Mul", List.of("image", "keep"), List.of("kept"));
        g.node("Mul", List.of("fill", "mask"), List.of("filled"));
        g.node("Add", List.of("kept", "filled"), List.of("unit"));
        g.node("Mul", List.of("unit", "k"), List.of("output"));
        g.output("output", new long[] {1, 3, 512, 512});
        return g.build("test");
    }

    /** a* = 0, b* = 30 everywhere: every photo comes out yellow-tinted. */
    private static byte[] warmer() {
        OnnxGraph g = new OnnxGraph();
        g.input("input", new long[] {1, 3, 512, 512});
        g.floats("w", new float[6], 2, 3, 1, 1);
        g.floats("b", new float[] {0f, 30f}, 2);
        g.node("Conv", List.of("input", "w", "b"), List.of("output"), "kernel_shape", new long[] {1, 1});
        g.output("output", new long[] {1, 2, 512, 512});
        return g.build("test");
    }

    private static String upload(byte[] bytes) {
        JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/png",
                "file_name", "f.png", "file_size", bytes.length)))).json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), bytes, Map.of("Content-Type", "image/png"));
        return slot.path("file_id").asString();
    }

    private static JsonNode run(String path, Map<String, Object> body) {
        TestClient.Response r = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode status = dev.atelier.server.api.youcam.YouCamFlowsAccess.poll(c,
                "/s2s/v2.0/task/" + path + "/" + r.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        return status;
    }

    private static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 60 + 120 * x / w;
                img.setRGB(x, y, new Color(v, v, v).getRGB());
            }
        }
        return img;
    }

    @Test
    void enhanceUsesTheInstalledSuperResolutionModelAndSaysSo() {
        String src = upload(TestImages.encode(grey(120, 80), "png"));
        JsonNode x4 = run("enhance", Map.of("src_file_id", src, "scale", 4, "output_ext", "png"));
        assertThat(x4.path("metadata").path("engine").asString()).isEqualTo("onnx:tiny-sr");
        assertThat(x4.path("metadata").path("engine_choice").asString()).contains("tiny-sr is installed");
        BufferedImage out = TestImages.decode(TestClient.fetch(x4.path("results").path("url").asString()).body());
        assertThat(out.getWidth()).isEqualTo(480);
        assertThat(out.getHeight()).isEqualTo(320);

        JsonNode x2 = run("enhance", Map.of("src_file_id", src, "scale", 2, "output_ext", "png"));
        assertThat(x2.path("metadata").path("engine").asString()).isEqualTo("onnx:tiny-sr");
        assertThat(x2.path("metadata").path("resized").asString()).contains("x4", "x2");
        assertThat(x2.path("metadata").path("engine_choice").asString())
                .contains("x2 runs the x4 model and shrinks its output", "beats the x2 models and plain Lanczos");

        JsonNode x1 = run("enhance", Map.of("src_file_id", src, "scale", 1, "output_ext", "png"));
        assertThat(x1.path("metadata").path("engine").asString()).isEqualTo("classical-enhance");
        assertThat(x1.path("metadata").path("engine_choice").asString()).contains("x1");
    }

    @Test
    void objectRemovalUsesTheInstalledInpaintingModel() {
        BufferedImage mask = new BufferedImage(200, 150, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D m = mask.createGraphics();
        m.setColor(Color.WHITE);
        m.fillRect(80, 60, 30, 30);
        m.dispose();
        JsonNode status = run("obj-removal", Map.of("src_file_id", upload(TestImages.encode(grey(200, 150), "png")),
                "msk_file_id", upload(TestImages.encode(mask, "png")), "output_ext", "png"));
        assertThat(status.path("metadata").path("engine").asString()).isEqualTo("onnx:tiny-lama");
        BufferedImage out = TestImages.decode(TestClient.fetch(status.path("results").path("url").asString()).body());
        Color inHole = new Color(out.getRGB(95, 75));
        assertThat(inHole.getRed()).isCloseTo(Math.round(FILL[0] * 255), org.assertj.core.data.Offset.offset(3));
        assertThat(inHole.getGreen()).isCloseTo(Math.round(FILL[1] * 255), org.assertj.core.data.Offset.offset(3));
        assertThat(new Color(out.getRGB(10, 10))).isEqualTo(new Color(grey(200, 150).getRGB(10, 10)));
    }

    @Test
    void colorizeGivesFourStrengthsOfTheModelsColours() throws IOException {
        JsonNode status = run("colorize", Map.of("src_file_id", upload(TestImages.encode(grey(160, 120), "png")),
                "output_ext", "png"));
        assertThat(status.path("metadata").path("engine").asString()).isEqualTo("onnx:tiny-ddcolor");
        JsonNode outputs = status.path("results").path("output");
        assertThat(outputs).hasSize(4);
        assertThat(outputs.findValuesAsString("variant")).containsExactly("natural", "muted", "subtle", "vivid");
        int[] warmth = new int[4];
        for (int i = 0; i < 4; i++) {
            BufferedImage out = TestImages.decode(TestClient.fetch(outputs.get(i).path("url").asString()).body());
            Color px = new Color(out.getRGB(80, 60));
            warmth[i] = px.getRed() - px.getBlue();
        }
        // b* > 0 is yellow: red above blue, most in the vivid variant, least in the subtle one.
        assertThat(warmth[0]).isPositive();
        assertThat(warmth[3]).isGreaterThan(warmth[0]);
        assertThat(warmth[0]).isGreaterThan(warmth[1]);
        assertThat(warmth[1]).isGreaterThan(warmth[2]);
    }
}
