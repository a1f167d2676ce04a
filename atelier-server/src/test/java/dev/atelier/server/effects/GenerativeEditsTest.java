package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The generator's masked edits behind YouCam features (AI Replace), against a fake OpenAI-compatible upstream: the
 * exact request sent (image, mask, prompt), the compositing of the answer, and the error without a generator.
 */
class GenerativeEditsTest {
    private FakeImagesUpstream upstream;
    private TestServer server;
    private TestClient c;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void serveWithUpstream() {
        upstream = FakeImagesUpstream.start();
        server = TestServer.start(new HashMap<>(upstream.settings("fake", "sdxl#text+image+edit")));
        c = server.client();
    }

    static String upload(TestClient c, byte[] png) {
        JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/png",
                "file_name", "p.png", "file_size", png.length)))).json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), png, Map.of("Content-Type", "image/png"));
        return slot.path("file_id").asString();
    }

    static Image flat(int w, int h, float v) {
        Image img = Image.create(w, h, 3);
        for (int ch = 0; ch < 3; ch++) {
            java.util.Arrays.fill(img.plane(ch), v);
        }
        return img;
    }

    /** White inside [x0, x1) × [y0, y1). */
    static Image rect(int w, int h, int x0, int y0, int x1, int y1) {
        Image m = Image.create(w, h, 1);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m.set(0, x, y, 1);
            }
        }
        return m;
    }

    static Image invert(Image m) {
        Image out = Image.create(m.width(), m.height(), 1);
        for (int i = 0; i < out.plane(0).length; i++) {
            out.plane(0)[i] = 1 - m.plane(0)[i];
        }
        return out;
    }

    @Test
    void aiReplaceSendsImageMaskAndPromptAndKeepsTheRestOfThePhoto() {
        serveWithUpstream();
        Image source = flat(256, 192, 0.5f);
        Image mask = rect(256, 192, 64, 48, 160, 144);
        String src = upload(c, Codecs.encodeLossless(source, ImageFormat.PNG));
        String msk = upload(c, Codecs.encodeLossless(mask, ImageFormat.PNG));
        TestClient.Response run = c.post("/s2s/v2.0/task/obj-replace", Map.of("src_file_id", src, "msk_file_id", msk,
                "prompt", "a bunch of red tulips", "output_ext", "png"));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/obj-replace/"
                + run.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("metadata").path("operation").asString()).isEqualTo("masked-edit");
        assertThat(status.path("metadata").path("provider").asString()).isEqualTo("fake");

        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        assertThat(sent.field("prompt")).isEqualTo("a bunch of red tulips");
        Image image = Codecs.decode(sent.parts().get("image"), DecodeLimits.defaults());
        assertThat(Metrics.psnr(image, source)).isGreaterThan(50);
        // OpenAI's convention: transparent = edit
        Image upMask = Codecs.decode(sent.parts().get("mask"), DecodeLimits.defaults());
        assertThat(upMask.channels()).isEqualTo(4);
        assertThat(upMask.get(3, 100, 100)).isZero();
        assertThat(upMask.get(3, 10, 10)).isEqualTo(1f);

        Image out = Codecs.decode(TestClient.fetch(status.path("results").path("url").asString()).body(),
                DecodeLimits.defaults());
        assertThat(out.width()).isEqualTo(256);
        assertThat(out.height()).isEqualTo(192);
        Image farOutside = invert(rect(256, 192, 56, 40, 168, 152));
        assertThat(Metrics.psnr(out, source, farOutside)).isGreaterThan(50);
        assertThat(Metrics.psnr(out, source, rect(256, 192, 70, 54, 154, 138))).isLessThan(25);
    }

    @Test
    void aiReplaceChecksItsInputsAndNamesTheSettingsWithoutAGenerator() {
        serveWithUpstream();
        String src = upload(c, Codecs.encodeLossless(flat(256, 192, 0.5f), ImageFormat.PNG));
        String msk = upload(c, Codecs.encodeLossless(rect(256, 192, 0, 0, 10, 10), ImageFormat.PNG));
        TestClient.Response noPrompt = c.post("/s2s/v2.0/task/obj-replace", Map.of("src_file_id", src,
                "msk_file_id", msk));
        assertThat(noPrompt.status()).isEqualTo(400);
        assertThat(noPrompt.json().path("error").asString()).contains("prompt");
        String empty = upload(c, Codecs.encodeLossless(Image.create(256, 192, 1), ImageFormat.PNG));
        TestClient.Response run = c.post("/s2s/v2.0/task/obj-replace", Map.of("src_file_id", src,
                "msk_file_id", empty, "prompt", "tulips"));
        JsonNode status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/obj-replace/"
                + run.json().path("data").path("task_id").asString());
        assertThat(status.path("error").asString()).isEqualTo("invalid_parameter");
        String big = upload(c, Codecs.encodeLossless(flat(2100, 64, 0.5f), ImageFormat.PNG));
        String bigMask = upload(c, Codecs.encodeLossless(rect(2100, 64, 0, 0, 10, 10), ImageFormat.PNG));
        run = c.post("/s2s/v2.0/task/obj-replace", Map.of("src_file_id", big, "msk_file_id", bigMask,
                "prompt", "tulips"));
        status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/obj-replace/"
                + run.json().path("data").path("task_id").asString());
        assertThat(status.path("error").asString()).isEqualTo("error_exceed_max_image_size");
        server.close();

        server = TestServer.start(Map.of());
        c = server.client();
        String src2 = upload(c, Codecs.encodeLossless(flat(64, 64, 0.5f), ImageFormat.PNG));
        String msk2 = upload(c, Codecs.encodeLossless(rect(64, 64, 0, 0, 10, 10), ImageFormat.PNG));
        TestClient.Response unavailable = c.post("/s2s/v2.0/task/obj-replace", Map.of("src_file_id", src2,
                "msk_file_id", msk2, "prompt", "tulips"));
        assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(400);
        assertThat(unavailable.json().path("error").asString()).contains("ATELIER_PROVIDER_");
    }
}
