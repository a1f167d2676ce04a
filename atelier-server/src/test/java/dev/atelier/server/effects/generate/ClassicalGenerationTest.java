package dev.atelier.server.effects.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.stylize.Style;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The classical style filters as a local generation provider, with no upstream configured: image-to-image with a
 * classical template, OpenAI edits and variations naming a classical model, the template list with real preview
 * URLs, and the refusals that keep a filter from passing for a generator.
 */
class ClassicalGenerationTest {
    private TestServer server;
    private TestClient c;

    private void serve(Map<String, String> settings) {
        server = TestServer.start(settings);
        c = server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Image decode(byte[] bytes) {
        return Codecs.decode(bytes, DecodeLimits.defaults());
    }


    private String upload(byte[] png) {
        TestClient.Response files = c.post("/s2s/v2.0/file/image-to-image/youcam", Map.of("files", List.of(
                Map.of("content_type", "image/png", "file_name", "in.png", "file_size", png.length))));
        assertThat(files.status()).as(files.toString()).isEqualTo(200);
        JsonNode slot = files.json().path("data").path("files").get(0);
        TestClient.Response put = TestClient.put(slot.path("requests").get(0).path("url").asString(), png,
                Map.of("Content-Type", "image/png"));
        assertThat(put.status()).isEqualTo(200);
        return slot.path("file_id").asString();
    }

    private JsonNode runV2(String path, Map<String, Object> body) {
        TestClient.Response run = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String id = run.json().path("data").path("task_id").asString();
        return dev.atelier.server.api.youcam.YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/" + path + "/" + id);
    }

    @Test
    void imageToImageWithAClassicalTemplateRunsTheFilterWithoutAnyProvider() {
        serve(Map.of());
        byte[] png = TestImages.png(640, 480);
        JsonNode status = runV2("image-to-image/youcam", Map.of("model", "youcam-image-v2",
                "src_file_ids", List.of(upload(png)), "prompt", "paint it", "template_id", "classical_watercolour"));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        Image out = decode(TestClient.fetch(status.path("results").path("url").asString()).body());
        Image expected = Resample.resize(Style.WATERCOLOUR.apply(decode(png)), out.width(), out.height(),
                Resample.Kernel.LANCZOS3);
        assertThat((double) out.width() / out.height()).as("the source's aspect, snapped to multiples of 16")
                .isCloseTo(640 / 480.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(Metrics.psnr(out, expected)).as("the watercolour filter, fitted to the output size").isGreaterThan(30);
        JsonNode meta = status.path("metadata");
        assertThat(meta.path("engine").asString()).isEqualTo("classical-style");
        assertThat(meta.path("engine_kind").asString()).isEqualTo("classical");
        assertThat(meta.path("provider").asString()).isEqualTo("classical");
        assertThat(meta.path("model").asString()).isEqualTo("classical-watercolour");
        assertThat(meta.path("method").asString()).isEqualTo("classical style filter");
        assertThat(meta.path("prompt_used").asBoolean(true)).isFalse();
        assertThat(meta.path("template_id").asString()).isEqualTo("classical_watercolour");
    }

    @Test
    void withoutAProviderOnlyTheFiltersRunAndTextToImageNamesTheSettings() {
        serve(Map.of());
        TestClient.Response plain = c.post("/s2s/v2.0/task/image-to-image/youcam", Map.of("model",
                "youcam-image-v2", "src_file_ids", List.of(upload(TestImages.png(400, 400))), "prompt", "x"));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(400);
        assertThat(plain.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
        assertThat(plain.json().path("error").asString()).contains("ATELIER_PROVIDER_OPENAI_API_KEY")
                .contains("classical_");

        TestClient.Response v1 = c.post("/s2s/v2.0/task/text-to-image", Map.of("prompt", "x",
                "template_id", "classical_cartoon"));
        assertThat(v1.status()).as(v1.toString()).isEqualTo(400);

        TestClient.Response gen = c.post("/v1/images/generations", Map.of("prompt", "a cat",
                "model", "classical-cartoon"));
        assertThat(gen.status()).as(gen.toString()).isEqualTo(400);
        assertThat(gen.json().path("error").path("param").asString()).isEqualTo("model");
        assertThat(gen.json().path("error").path("message").asString())
                .as("the filters' limits, not a missing provider").contains("only edits and varies")
                .contains("/v1/images/edits").contains("/v1/images/variations");
    }

    @Test
    void aClassicalTemplateDemandsNeitherModelNorPromptWhichItWouldNotUse() {
        serve(Map.of());
        byte[] png = TestImages.png(480, 400);
        JsonNode status = runV2("image-to-image/youcam", Map.of("src_file_ids", List.of(upload(png)),
                "template_id", "classical_cartoon"));
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        assertThat(status.path("metadata").path("model").asString()).isEqualTo("classical-cartoon");

        TestClient.Response wrongModel = c.post("/s2s/v2.0/task/image-to-image/youcam", Map.of("model", "sdxl",
                "src_file_ids", List.of(upload(png)), "template_id", "classical_cartoon"));
        assertThat(wrongModel.status()).as("a model sent is still checked").isEqualTo(400);
        assertThat(wrongModel.json().path("error_code").asString()).isEqualTo("InvalidParameters");

        TestClient.Response noPrompt = c.post("/s2s/v2.0/task/image-to-image/youcam", Map.of("model",
                "youcam-image-v2", "src_file_ids", List.of(upload(png))));
        assertThat(noPrompt.status()).as("without a classical template the prompt is needed").isEqualTo(400);
        assertThat(noPrompt.json().path("error").asString()).contains("prompt is required");
    }

    @Test
    void openAiEditsAndVariationsNamingAClassicalModelRunTheFilter() {
        serve(Map.of());
        byte[] png = TestImages.png(256, 256);
        Image src = decode(png);
        TestClient.Response edit = c.postMultipart("/v1/images/edits", Map.of("prompt", "sketch it",
                "model", "classical-pencil-sketch", "response_format", "b64_json"), Map.of("image", png));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        Image edited = decode(Base64.getDecoder().decode(edit.json().path("data").get(0).path("b64_json").asString()));
        assertThat(Metrics.psnr(edited, Style.PENCIL_SKETCH.apply(src))).isGreaterThan(40);
        assertThat(edit.json().path("provider").asString()).isEqualTo("classical");
        assertThat(edit.json().path("usage").path("cost").asDouble()).isZero();

        TestClient.Response variation = c.postMultipart("/v1/images/variations", Map.of("model",
                "classical-cartoon", "response_format", "b64_json"), Map.of("image", png));
        assertThat(variation.status()).as(variation.toString()).isEqualTo(200);
        Image varied = decode(Base64.getDecoder().decode(
                variation.json().path("data").get(0).path("b64_json").asString()));
        assertThat(Metrics.psnr(varied, Style.CARTOON.apply(src))).isGreaterThan(40);

        TestClient.Response sized = c.postMultipart("/v1/images/edits", Map.of("prompt", "x",
                "model", "classical-cartoon", "size", "512x512"), Map.of("image", png));
        assertThat(sized.status()).as(sized.toString()).isEqualTo(400);
        assertThat(sized.json().path("error").path("param").asString()).isEqualTo("size");

        JsonNode models = c.get("/v1/models").json().path("data");
        JsonNode cartoon = null;
        for (JsonNode m : models) {
            if (m.path("id").asString().equals("classical-cartoon")) {
                cartoon = m;
            }
        }
        assertThat(cartoon).as(models.toString()).isNotNull();
        assertThat(cartoon.path("capabilities").path("generations").asBoolean()).isFalse();
        assertThat(cartoon.path("capabilities").path("edits").asBoolean()).isTrue();
        assertThat(cartoon.path("capabilities").path("variations").asBoolean()).isTrue();
    }

    @Test
    void classicalTemplatesHaveRenderedCacheablePreviewsAndPromptTemplatesTheConfiguredOnes() {
        Map<String, String> s = new HashMap<>();
        s.put("ATELIER_GENERATOR_THUMB_URL", "https://cdn.example.com/thumbs/{id}.jpg");
        serve(s);
        TestClient.Response list = c.get("/s2s/v2.0/task/template/image-to-image/youcam");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        Map<String, String> thumbs = new HashMap<>();
        list.json().path("data").path("templates").forEach(t -> thumbs.put(t.path("id").asString(),
                t.path("thumb").asString()));
        assertThat(thumbs.get("cinematic")).isEqualTo("https://cdn.example.com/thumbs/cinematic.jpg");

        Image scene = TemplateThumbs.scene();
        Image previous = null;
        for (Style style : Style.values()) {
            String id = "classical_" + style.id().replace('-', '_');
            String url = thumbs.get(id);
            assertThat(url).as(id).endsWith("/thumbs/templates/" + id + ".jpg");
            TestClient.Response img = TestClient.fetch(url);
            assertThat(img.status()).isEqualTo(200);
            assertThat(img.header("Content-Type")).isEqualTo("image/jpeg");
            assertThat(img.header("Cache-Control")).contains("public").contains("max-age");
            Image thumb = decode(img.body());
            assertThat(Metrics.psnr(thumb, style.apply(scene))).as(id + " is its filter on the sample").isGreaterThan(30);
            if (previous != null) {
                assertThat(Metrics.psnr(thumb, previous)).as("previews differ").isLessThan(25);
            }
            previous = thumb;
            TestClient.Response again = c.get(url.substring(url.indexOf("/thumbs/")),
                    Map.of("If-None-Match", img.header("ETag")));
            assertThat(again.status()).isEqualTo(304);
        }
        assertThat(c.get("/thumbs/templates/cinematic.jpg").status()).isEqualTo(404);

        TestClient.Response v1 = c.get("/s2s/v2.0/task/template/text-to-image");
        assertThat(v1.json().path("data").path("templates").toString()).doesNotContain("classical_")
                .contains("https://cdn.example.com/thumbs/anime.jpg");
    }
}
