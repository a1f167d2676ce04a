package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** sod, bg-blur, bg-replace and face-swap/pre-process end to end on real models and real photos. */
class ModelEffectsTest {
    private static TestServer server;
    private static TestClient c;
    private static String astronaut;

    @BeforeAll
    static void start() {
        var models = RealModels.modelsDir("isnet-fp16", "blazeface-back", "selfie-segmentation");
        byte[] photo = RealModels.photo("astronaut.png");
        server = TestServer.start(Map.of("ATELIER_MODELS_DIR", models.toString()));
        c = server.client();
        astronaut = upload(photo);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String upload(byte[] png) {
        JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/png",
                "file_name", "p.png", "file_size", png.length)))).json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), png, Map.of("Content-Type", "image/png"));
        return slot.path("file_id").asString();
    }

    private static JsonNode run(String path, Map<String, Object> body) {
        TestClient.Response r = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return dev.atelier.server.api.youcam.YouCamFlowsAccess.poll(c,
                "/s2s/v2.0/task/" + path + "/" + r.json().path("data").path("task_id").asString());
    }

    @Test
    void backgroundRemovalGivesACutoutWithATransparentBackground() {
        JsonNode status = run("sod", Map.of("src_file_id", astronaut));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("metadata").path("model").asString()).isEqualTo("isnet-fp16");
        BufferedImage out = TestImages.decode(TestClient.fetch(status.path("results").path("url").asString()).body());
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        int corner = out.getRGB(5, 5) >>> 24;        // wall behind the astronaut
        int face = out.getRGB(230, 110) >>> 24;      // her face
        assertThat(corner).isLessThan(30);
        assertThat(face).isGreaterThan(220);
    }

    @Test
    void portraitsGetPersonSegmentationAndOtherPhotosSalientSegmentation() {
        JsonNode portrait = run("bg-blur", Map.of("src_file_id", astronaut, "intensity", 60, "output_ext", "png"));
        assertThat(portrait.path("task_status").asString()).as(portrait.toString()).isEqualTo("success");
        assertThat(portrait.path("metadata").path("engine").asString()).isEqualTo("onnx:selfie-segmentation");
        assertThat(portrait.path("metadata").path("engine_choice").asString())
                .contains("1 face(s) found by onnx:blazeface-back", "person segmentation");
        BufferedImage out = TestImages.decode(TestClient.fetch(portrait.path("results").path("url").asString()).body());
        BufferedImage in = TestImages.decode(RealModels.photo("astronaut.png"));
        // Her face stays sharp: the same pixels as the source (PNG out, so only the compositing can change them).
        java.awt.Color a = new java.awt.Color(out.getRGB(230, 110));
        java.awt.Color b = new java.awt.Color(in.getRGB(230, 110));
        assertThat(Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue())).isLessThan(12);

        JsonNode still = run("bg-blur", Map.of("src_file_id", upload(RealModels.photo("coffee.png")),
                "intensity", 60, "output_ext", "png"));
        assertThat(still.path("task_status").asString()).as(still.toString()).isEqualTo("success");
        assertThat(still.path("metadata").path("engine").asString()).isEqualTo("onnx:isnet-fp16");
        assertThat(still.path("metadata").path("engine_choice").asString()).contains("no face found");
    }

    /**
     * plant.jpg: the plant fills the frame and runs off its edges, and ISNet alone kept the clothes-peg on it, so
     * the blur blurred the plant. Framed with a margin the plant is the subject: it stays sharp where its hand-made
     * matte (OpenCV's alphamat sample) is solid, and the background behind it is blurred.
     */
    @Test
    void aSubjectThatFillsTheFrameStaysSharp() {
        JsonNode r = run("bg-blur", Map.of("src_file_id", upload(RealModels.photo("plant.jpg")), "intensity", 60,
                "output_ext", "png"));
        assertThat(r.path("task_status").asString()).as(r.toString()).isEqualTo("success");
        assertThat(r.path("metadata").path("subject_framing").asString()).contains("taken as the subject");
        BufferedImage out = TestImages.decode(TestClient.fetch(r.path("results").path("url").asString()).body());
        BufferedImage in = TestImages.decode(RealModels.photo("plant.jpg"));
        BufferedImage matte = TestImages.decode(RealModels.photo("plant_matte.png"));
        double[] plant = new double[2];
        double[] background = new double[2];
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int m = matte.getRGB(x, y) & 0xff;
                double d = channelDistance(in.getRGB(x, y), out.getRGB(x, y));
                double[] acc = m >= 250 ? plant : m <= 5 ? background : null;
                if (acc != null) {
                    acc[0] += d;
                    acc[1]++;
                }
            }
        }
        double plantChange = plant[0] / plant[1];
        double backgroundChange = background[0] / background[1];
        System.out.printf("plant.jpg bg-blur: mean change on the plant %.2f, on the background %.2f%n", plantChange,
                backgroundChange);
        // Measured 3.79 and 15.35 grey levels (the framed matte is softer than ISNet's usual one at the leaves).
        assertThat(plantChange).isLessThan(5);
        assertThat(backgroundChange).isGreaterThan(3 * plantChange);
    }

    /** Mean absolute difference of the RGB channels of two packed pixels, 0–255. */
    private static double channelDistance(int a, int b) {
        return (Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) + Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff))
                + Math.abs((a & 0xff) - (b & 0xff))) / 3.0;
    }

    @Test
    void backgroundBlurAndReplaceKeepTheSubject() {
        JsonNode blur = run("bg-blur", Map.of("src_file_id", astronaut, "intensity", 80, "output_ext", "png"));
        assertThat(blur.path("task_status").asString()).as(blur.toString()).isEqualTo("success");
        JsonNode replaced = run("bg-replace", Map.of("src_file_id", astronaut, "type", "template",
                "template_id", "studio_black", "output_ext", "png"));
        assertThat(replaced.path("task_status").asString()).as(replaced.toString()).isEqualTo("success");
        BufferedImage out = TestImages.decode(TestClient.fetch(replaced.path("results").path("url").asString()).body());
        int corner = out.getRGB(5, 5) & 0xffffff;
        assertThat((corner >> 16) & 255).as("background replaced by the dark template").isLessThan(60);

        TestClient.Response prompt = c.post("/s2s/v2.0/task/bg-replace",
                Map.of("src_file_id", astronaut, "prompt", "a beach"));
        assertThat(prompt.status()).isEqualTo(400);
        assertThat(prompt.json().path("error").asString()).contains("image generator");
    }

    @Test
    void faceSwapPreProcessFindsTheAstronautsFaceAndNoneInTheCoffee() {
        JsonNode status = run("face-swap/pre-process", Map.of("src_file_id", astronaut));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        JsonNode faces = status.path("results").path("faces");
        assertThat(faces).hasSize(1);
        JsonNode bbox = faces.get(0).path("bbox");
        assertThat(bbox.get(0).asInt()).isBetween(150, 260);
        assertThat(bbox.get(2).asInt()).isBetween(230, 330);
        assertThat(status.path("results").path("result").get(0).path("width").asInt()).isPositive();

        String coffee = upload(RealModels.photo("coffee.png"));
        assertThat(run("face-swap/pre-process", Map.of("src_file_id", coffee)).path("error").asString())
                .isEqualTo("error_no_face");
    }
}
