package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The classical effects end to end through the task API: object removal, colour correction, lighting. */
class ClassicalEffectsTest {
    private static TestServer server;
    private static TestClient c;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        c = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String upload(byte[] bytes, String type) {
        JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", type,
                "file_name", "f", "file_size", bytes.length)))).json().path("data").path("files").get(0);
        TestClient.Response put = TestClient.put(slot.path("requests").get(0).path("url").asString(), bytes,
                Map.of("Content-Type", type));
        assertThat(put.status()).isEqualTo(200);
        return slot.path("file_id").asString();
    }

    static JsonNode run(String path, Map<String, Object> body) {
        TestClient.Response r = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String taskId = r.json().path("data").path("task_id").asString();
        return dev.atelier.server.api.youcam.YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/" + path + "/" + taskId);
    }

    private static BufferedImage stripes(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = ((x / 8) % 2 == 0) ? 200 : 60;
                img.setRGB(x, y, new Color(v, (v + 40) % 256, 255 - v).getRGB());
            }
        }
        return img;
    }

    @Test
    void objectRemovalFillsTheMaskedRegionFromItsSurroundings() {
        BufferedImage clean = stripes(160, 120);
        BufferedImage withObject = stripes(160, 120);
        Graphics2D g = withObject.createGraphics();
        g.setColor(Color.MAGENTA);
        g.fillRect(60, 40, 30, 30);
        g.dispose();
        BufferedImage mask = new BufferedImage(160, 120, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D m = mask.createGraphics();
        m.setColor(Color.WHITE);
        m.fillRect(56, 36, 38, 38);
        m.dispose();

        String src = upload(TestImages.encode(withObject, "png"), "image/png");
        String msk = upload(TestImages.encode(mask, "png"), "image/png");
        JsonNode status = run("obj-removal", Map.of("src_file_id", src, "msk_file_id", msk, "output_ext", "png"));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        BufferedImage out = TestImages.decode(TestClient.fetch(status.path("results").path("url").asString()).body());

        // No magenta left, and the hole continues the stripes: close to the clean picture inside the hole.
        double err = 0;
        int n = 0;
        for (int y = 40; y < 70; y++) {
            for (int x = 60; x < 90; x++) {
                Color o = new Color(out.getRGB(x, y));
                Color e = new Color(clean.getRGB(x, y));
                err += Math.pow(o.getRed() - e.getRed(), 2) + Math.pow(o.getGreen() - e.getGreen(), 2)
                        + Math.pow(o.getBlue() - e.getBlue(), 2);
                n += 3;
            }
        }
        double psnr = 10 * Math.log10(255.0 * 255.0 / (err / n));
        assertThat(psnr).as("PSNR inside the hole against the clean stripes").isGreaterThan(18.0);
    }

    @Test
    void aMaskOfAnotherSizeIsSizeMismatch() {
        String src = upload(TestImages.png(100, 80), "image/png");
        String msk = upload(TestImages.png(50, 40), "image/png");
        JsonNode status = run("obj-removal", Map.of("src_file_id", src, "msk_file_id", msk));
        assertThat(status.path("error").asString()).isEqualTo("size_mismatch_on_input_image_and_mask");
    }

    @Test
    void colorCorrectionReturnsFourVariants() {
        String src = upload(TestImages.jpeg(120, 90), "image/jpeg");
        JsonNode status = run("colorize/color-correct", Map.of("src_file_id", src));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        JsonNode outputs = status.path("results").path("output");
        assertThat(outputs).hasSize(4);
        assertThat(outputs.findValuesAsString("variant"))
                .containsExactly("grey_world", "white_patch", "shades_of_grey", "auto_levels");
        for (JsonNode o : outputs) {
            assertThat(TestClient.fetch(o.path("url").asString()).status()).isEqualTo(200);
        }
    }

    @Test
    void lightingNeedsAShortSideOf256() {
        String small = upload(TestImages.jpeg(300, 200), "image/jpeg");
        assertThat(run("lighting", Map.of("src_file_id", small)).path("error").asString())
                .isEqualTo("error_below_min_image_size");
        String ok = upload(TestImages.jpeg(320, 256), "image/jpeg");
        JsonNode status = run("lighting", Map.of("src_file_id", ok));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("metadata").path("engine").asString()).isEqualTo("classical-lighting");
    }

    @Test
    void modelBackedEffectsNameThePullCommandWhenTheModelIsMissing() {
        String src = upload(TestImages.jpeg(64, 64), "image/jpeg");
        TestClient.Response r = c.post("/s2s/v2.0/task/sod", Map.of("src_file_id", src));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
        assertThat(r.json().path("error").asString()).contains("models pull isnet-fp16");
    }

    @Test
    void colorizeSaysHowToInstallAColorizerUntilOneIs() {
        String src = upload(TestImages.jpeg(64, 64), "image/jpeg");
        TestClient.Response r = c.post("/s2s/v2.0/task/colorize", Map.of("src_file_id", src));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
        assertThat(r.json().path("error").asString()).contains("no colorization model is installed",
                "./atelier models pull ddcolor-tiny", "a DDColor ONNX export fits");
    }

    @Test
    void enhanceFallsBackToTheClassicalEngineAndSaysWhichModelWouldHaveServed() {
        String src = upload(TestImages.jpeg(64, 48), "image/jpeg");
        JsonNode status = run("enhance", Map.of("src_file_id", src, "scale", 2));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("metadata").path("engine").asString()).isEqualTo("classical-enhance");
        assertThat(status.path("metadata").path("engine_choice").asString())
                .contains("fell back to classical-enhance", "./atelier models pull real-esrgan-x4");
    }
}
