package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.testing.TinyDiffusion;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code local} provider end to end on a fresh server with no provider keys and a tiny diffusion bundle
 * (optimum layout, LCM shape) imported into its models directory: YouCam V2 and V1, the OpenAI API through the
 * official SDK, masked edits, variations and a hair feature all run on this machine and say how in their metadata.
 */
class LocalGenerationTest {
    private static final String BUNDLE = "tiny-lcm";
    private static Path models;
    private static dev.atelier.server.testing.TestServer server;
    private static TestClient c;
    private static OpenAIClient openai;

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createTempDirectory("atelier-local-gen-");
        models = root.resolve("models");
        Path bundle = TinyDiffusion.write(root.resolve("bundle"), TinyDiffusion.Variant.lcmDreamshaper());
        try (ModelRegistry r = new ModelRegistry(models, List.of(), RegistrySettings.fromEnvironment(Map.of()))) {
            r.importBundle(bundle, BUNDLE, false, ProgressListener.none());
        }
        server = dev.atelier.server.testing.TestServer.start(Map.of("ATELIER_MODELS_DIR", models.toString()));
        c = server.client();
        openai = OpenAIOkHttpClient.builder().apiKey(server.key().apiKey()).baseUrl(server.baseUrl() + "/v1")
                .maxRetries(0).timeout(Duration.ofSeconds(120)).build();
    }

    @AfterAll
    static void stop() {
        if (openai != null) {
            openai.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode runV2(String path, Map<String, Object> body) {
        TestClient.Response run = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode status = YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/" + path + "/"
                + run.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        return status;
    }

    private static byte[] resultBytes(JsonNode status) {
        TestClient.Response img = TestClient.fetch(status.path("results").path("url").asString());
        assertThat(img.status()).isEqualTo(200);
        return img.body();
    }

    private static void assertLocal(JsonNode meta) {
        assertThat(meta.path("provider").asString()).as(meta.toString()).isEqualTo("local");
        assertThat(meta.path("model").asString()).isEqualTo(BUNDLE);
        assertThat(meta.path("scheduler").asString()).isEqualTo("lcm");
        assertThat(meta.path("steps").asInt()).isEqualTo(4);
        assertThat(meta.has("seed")).isTrue();
        assertThat(meta.has("native_size")).isTrue();
        assertThat(meta.path("unet_ms").isNumber()).isTrue();
    }

    @Test
    void v2TextToImageRunsLocallyAtTheAskedSize() {
        JsonNode status = runV2("text-to-image/youcam", Map.of("model", "youcam-image-v2",
                "prompt", "a lighthouse at dusk", "size", "1472*1104"));
        BufferedImage out = TestImages.decode(resultBytes(status));
        assertThat(out.getWidth()).isEqualTo(1472);
        assertThat(out.getHeight()).isEqualTo(1104);
        JsonNode meta = status.path("metadata");
        assertLocal(meta);
        assertThat(meta.path("engine_kind").asString()).isEqualTo("onnx");
        assertThat(meta.path("upscale_factor").asInt()).isEqualTo(4);
    }

    @Test
    void v1TemplateTasksRepeatWithTheSameSeed() {
        Map<String, Object> body = Map.of("prompt", "a harbour", "template_id", "watercolor", "width_ratio", 3,
                "height_ratio", 4, "seed", List.of(42));
        JsonNode first = runV2("text-to-image", body);
        JsonNode second = runV2("text-to-image", body);
        byte[] a = resultBytes(first);
        assertThat(resultBytes(second)).isEqualTo(a);
        BufferedImage out = TestImages.decode(a);
        assertThat(out.getWidth()).isEqualTo(768);
        assertThat(out.getHeight()).isEqualTo(1024);
        assertLocal(first.path("metadata"));
        assertThat(first.path("metadata").path("seed").asLong()).isEqualTo(42);
        assertThat(first.path("metadata").path("prompt").asString()).startsWith("a harbour, watercolor");
    }

    @Test
    void theOpenAiSdkGeneratesEditsAndVariesWithTheLocalBundle() {
        assertThat(openai.models().list().data()).anyMatch(m -> m.id().equals(BUNDLE));
        ImagesResponse gen = openai.images().generate(ImageGenerateParams.builder().model(ImageModel.of(BUNDLE))
                .prompt("a red bicycle").size(ImageGenerateParams.Size._1024X1024)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());
        byte[] png = Base64.getDecoder().decode(gen.data().orElseThrow().getFirst().b64Json().orElseThrow());
        assertThat(TestImages.decode(png).getWidth()).isEqualTo(1024);

        BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                mask.setRGB(x, y, y < 64 ? 0x00000000 : 0xFF000000); // transparent = edit (the top half)
            }
        }
        byte[] source = TestImages.png(128, 128);
        ImagesResponse edit = openai.images().edit(ImageEditParams.builder().model(ImageModel.of(BUNDLE))
                .image(source).mask(TestImages.encode(mask, "png")).prompt("a sky")
                .responseFormat(ImageEditParams.ResponseFormat.B64_JSON).build());
        byte[] edited = Base64.getDecoder().decode(edit.data().orElseThrow().getFirst().b64Json().orElseThrow());
        Image out = Codecs.decode(edited, DecodeLimits.defaults());
        Image src = Codecs.decode(source, DecodeLimits.defaults());
        assertThat(out.width()).isEqualTo(128);
        int kept = 0;
        int changed = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                boolean same = out.get(0, x, y) == src.get(0, x, y) && out.get(1, x, y) == src.get(1, x, y);
                kept += y >= 64 && same ? 1 : 0;
                changed += y < 64 && !same ? 1 : 0;
            }
        }
        assertThat(kept).as("pixels outside the mask stay the source's").isEqualTo(128 * 64);
        assertThat(changed).isGreaterThan(128 * 64 * 9 / 10);

        ImagesResponse variation = openai.images().createVariation(ImageCreateVariationParams.builder()
                .image(source).model(ImageModel.of(BUNDLE)).responseFormat(ImageCreateVariationParams.ResponseFormat
                        .B64_JSON).build());
        assertThat(variation.data().orElseThrow()).hasSize(1);
    }

    /** Copies real models from the shared cache into this server's models directory (skips when absent). */
    private static void withRealModels(String... ids) throws IOException {
        Path real = RealModels.modelsDir(ids);
        for (String id : ids) {
            Path to = models.resolve(id);
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(real.resolve(id))) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String astronaut(int side) {
        Image astronaut = Codecs.decode(RealModels.photo("astronaut.png"), DecodeLimits.defaults()).withoutAlpha();
        Image big = Resample.resize(astronaut, side, side, Resample.Kernel.LANCZOS3);
        return GenerativeEditsTest.upload(c, Codecs.encodeLossless(big, ImageFormat.PNG));
    }

    @Test
    void aPromptBackgroundIsDrawnLocallyBehindTheSubject() throws IOException {
        withRealModels("blazeface-back", "selfie-segmentation", "isnet-fp16");
        String id = astronaut(384);
        JsonNode status = runV2("bg-replace", Map.of("src_file_id", id, "type", "prompt",
                "prompt", "a beach at sunset", "output_ext", "png"));
        BufferedImage out = TestImages.decode(resultBytes(status));
        assertThat(out.getWidth()).isEqualTo(384);
        JsonNode meta = status.path("metadata");
        assertThat(meta.path("background").asString()).isEqualTo("generated from the prompt");
        assertThat(meta.path("generation").path("provider").asString()).isEqualTo("local");
        assertThat(meta.path("generation").path("scheduler").asString()).isEqualTo("lcm");
    }

    @Test
    void aHairStyleIsAMaskedEditInsideTheHair() throws IOException {
        withRealModels("blazeface-back", "face-mesh", "selfie-segmentation");
        String id = astronaut(1024);
        JsonNode status = runV2("hair-style", Map.of("src_file_id", id, "template_id", "female_pixie",
                "output_ext", "png"));
        BufferedImage out = TestImages.decode(resultBytes(status));
        assertThat(out.getWidth()).isEqualTo(1024);
        assertThat(out.getHeight()).isEqualTo(1024);
        assertLocal(status.path("metadata"));
    }

    @Test
    void withoutABundleTheFeatureNamesBothWaysOut() throws IOException {
        Assumptions.assumeTrue(server != null);
        try (var bare = dev.atelier.server.testing.TestServer.start(Map.of("ATELIER_MODELS_DIR",
                Files.createTempDirectory("atelier-no-models-").toString()))) {
            TestClient.Response r = bare.client().post("/s2s/v2.0/task/text-to-image", Map.of(
                    "prompt", "x", "template_id", "anime"));
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
            assertThat(r.json().path("error").asString()).contains("./atelier models pull lcm-dreamshaper-v7")
                    .contains("ATELIER_PROVIDER_");
        }
    }
}
