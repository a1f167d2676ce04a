package dev.atelier.server.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, unchanged, pointed at Atelier's {@code /v1}: it generates, edits, lists models and
 * reads Atelier's errors as its own.
 */
class OpenAiSdkTest {
    private FakeImagesUpstream upstream;
    private TestServer server;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        upstream = FakeImagesUpstream.start();
        server = TestServer.start(upstream.settings("fake", OpenAiApiTest.MODELS));
        client = OpenAIOkHttpClient.builder()
                .apiKey(server.key().apiKey())
                .baseUrl(server.baseUrl() + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        upstream.close();
    }

    @Test
    void theSdkStreamsAGenerationToItsCompletedEvent() {
        List<com.openai.models.images.ImageGenStreamEvent> events = new java.util.ArrayList<>();
        try (com.openai.core.http.StreamResponse<com.openai.models.images.ImageGenStreamEvent> stream =
                client.images().generateStreaming(ImageGenerateParams.builder()
                        .model(ImageModel.GPT_IMAGE_1)
                        .prompt("a paper boat")
                        .partialImages(2)
                        .build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events).hasSize(1);
        com.openai.models.images.ImageGenCompletedEvent done = events.getFirst().asGenerationCompleted();
        BufferedImage img = TestImages.decode(java.util.Base64.getDecoder().decode(done.b64Json()));
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(done.outputFormat().toString()).isEqualTo("png");
    }

    @Test
    void theSdkGeneratesAndReadsTheUrl() {
        ImagesResponse r = client.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.DALL_E_3)
                .prompt("a red bicycle")
                .size(ImageGenerateParams.Size._1024X1792)
                .quality(ImageGenerateParams.Quality.HD)
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());
        assertThat(r.created()).isPositive();
        List<com.openai.models.images.Image> data = r.data().orElseThrow();
        assertThat(data).hasSize(1);
        assertThat(data.getFirst().revisedPrompt()).isPresent();
        BufferedImage img = TestImages.decode(TestClient.fetch(data.getFirst().url().orElseThrow()).body());
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(1792);
        assertThat(upstream.last().json().path("prompt").asString()).isEqualTo("a red bicycle");
    }

    @Test
    void theSdkEditsWithAMaskAndGetsBase64() {
        BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                mask.setRGB(x, y, y < 64 ? 0x00000000 : 0xFF000000);
            }
        }
        ImagesResponse r = client.images().edit(ImageEditParams.builder()
                .model(ImageModel.GPT_IMAGE_1)
                .image(TestImages.png(128, 128))
                .mask(TestImages.encode(mask, "png"))
                .prompt("a sky")
                .build());
        byte[] png = Base64.getDecoder().decode(r.data().orElseThrow().getFirst().b64Json().orElseThrow());
        assertThat(TestImages.decode(png).getWidth()).isEqualTo(1024);
        assertThat(r.usage()).isPresent();
        assertThat(r.usage().get().totalTokens()).isEqualTo(4210);
        BufferedImage sentMask = TestImages.decode(upstream.last().parts().get("mask"));
        assertThat(sentMask.getRGB(10, 10) >>> 24).isZero();
        assertThat(sentMask.getRGB(10, 100) >>> 24).isEqualTo(255);
    }

    @Test
    void theSdkListsModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains("dall-e-2", "dall-e-3", "gpt-image-1", "sdxl");
        assertThat(client.models().retrieve("dall-e-3").ownedBy()).isEqualTo("fake");
    }

    @Test
    void theSdkReadsAtelierErrorsAsItsOwn() {
        assertThatThrownBy(() -> client.images().generate(ImageGenerateParams.builder()
                        .model(ImageModel.DALL_E_3).prompt("x").n(3).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.code()).contains("invalid_parameter");
                    assertThat(e.param()).contains("n");
                    assertThat(e.type()).contains("invalid_request_error");
                });
        OpenAIClient stranger = OpenAIOkHttpClient.builder().apiKey("not-a-key").baseUrl(server.baseUrl() + "/v1")
                .maxRetries(0).build();
        try {
            assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
    }
}
