package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.client.AtelierClient;
import dev.atelier.client.GeneratedImages;
import dev.atelier.client.ImageModel;
import dev.atelier.client.Input;
import dev.atelier.client.OpenAiException;
import dev.atelier.client.ResponseFormat;
import dev.atelier.client.UsagePage;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.NeedsNative;
import dev.atelier.server.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's OpenAI-compatible calls against a real server routing to a fake OpenAI-compatible upstream: typed
 * answers with usage and provider, the three request kinds (JSON and multipart), models, usage, typed errors and
 * retries on 429 that honour Retry-After without running the request twice.
 */
class SdkOpenAiTest {
    private final FakeImagesUpstream upstream = FakeImagesUpstream.start();
    private final SdkFixture fx = new SdkFixture(
            upstream.settings("fake", "dall-e-2,dall-e-3,gpt-image-1,sdxl#text+image+edit"));
    private final AtelierClient client = fx.v2().build();

    @AfterEach
    void stop() {
        client.close();
        try {
            fx.closeCheckingContract();
        } finally {
            upstream.close();
        }
    }

    @Test
    void aGenerationAnswersTypedImagesWithUsageAndProvider() {
        GeneratedImages r = client.images().generate("a lighthouse").model("dall-e-3").size(1792, 1024)
                .quality("hd").style("natural").responseFormat(ResponseFormat.URL).run();

        assertThat(r.images()).hasSize(1);
        assertThat(r.first().url()).isNotNull();
        assertThat(r.first().revisedPrompt()).contains("revised");
        BufferedImage img = TestImages.decode(r.first().bytes());
        assertThat(img.getWidth()).isEqualTo(1792);
        assertThat(img.getHeight()).isEqualTo(1024);
        assertThat(r.provider()).isEqualTo("fake");
        assertThat(r.usage().cost()).isEqualTo(0.04);
        assertThat(r.usage().latencyMs()).isNotNegative();
        assertThat(r.usage().imageSize()).isEqualTo("1792x1024");
        assertThat(r.usage().modelUsed()).isEqualTo("dall-e-3");
        assertThat(upstream.last().json().path("quality").asString()).isEqualTo("hd");
        assertThat(upstream.last().json().path("style").asString()).isEqualTo("natural");
    }

    @Test
    void gptImageModelsAnswerBase64WithTokens() {
        NeedsNative.webp();
        GeneratedImages r = client.images().generate("two cats").model("gpt-image-1").n(2).size("1024x1536")
                .outputFormat("webp").runAsync().join();

        assertThat(r.images()).hasSize(2);
        byte[] first = r.first().bytes();
        assertThat(new String(first, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(r.usage().inputTokens()).isEqualTo(50L);
        assertThat(r.usage().outputTokens()).isEqualTo(4160L);
        assertThat(r.usage().totalTokens()).isEqualTo(4210L);
        assertThat(r.outputFormat()).isEqualTo("webp");
    }

    @Test
    void aLocalEditGoesAsAFormWithTheMask() {
        BufferedImage mask = new BufferedImage(128, 96, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 128; x++) {
                mask.setRGB(x, y, x < 64 ? 0x00000000 : 0xFF000000);
            }
        }
        GeneratedImages r = client.images().edit("paint the left half blue").model("gpt-image-1")
                .image(Input.of(TestImages.png(128, 96))).mask(Input.of(TestImages.encode(mask, "png")))
                .inputFidelity("high").run();

        assertThat(r.images()).hasSize(1);
        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        assertThat(sent.field("prompt")).isEqualTo("paint the left half blue");
        assertThat(sent.field("input_fidelity")).isEqualTo("high");
        BufferedImage sentMask = TestImages.decode(sent.parts().get("mask"));
        assertThat(sentMask.getRGB(10, 10) >>> 24).as("transparent = edit, as sent").isZero();
        assertThat(sentMask.getRGB(100, 10) >>> 24).isEqualTo(0xFF);
    }

    @Test
    void anEditOfAFileOnTheServerGoesAsJsonWithItsId() {
        String fileId = client.upload(Input.of(TestImages.png(200, 150)), null);

        GeneratedImages r = client.images().edit("make it night").model("sdxl").image(Input.fileId(fileId))
                .image(Input.of(TestImages.jpeg(120, 90))).run();

        assertThat(r.images()).hasSize(1);
        assertThat(fx.proxy.exchanges(e -> e.equals("POST /v1/images/edits")).getFirst().requestText())
                .contains("\"file_id\":\"" + fileId + "\"").contains("data:image/jpeg;base64,");
        assertThat(upstream.last().path()).isEqualTo("/v1/images/edits");
    }

    @Test
    void variationsOfASquarePng() {
        GeneratedImages r = client.images().variation(Input.of(TestImages.png(256, 256))).model("dall-e-2").n(2)
                .size("512x512").responseFormat(ResponseFormat.B64_JSON).run();

        assertThat(r.images()).hasSize(2);
        assertThat(TestImages.decode(r.images().get(1).bytes()).getWidth()).isEqualTo(512);
        assertThat(upstream.last().path()).isEqualTo("/v1/images/variations");
    }

    @Test
    void invalidRequestsAreTypedErrorsNamingTheField() {
        assertThatThrownBy(() -> client.images().generate("x").model("dall-e-2").size("1792x1024").run())
                .isInstanceOfSatisfying(OpenAiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_parameter");
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.param()).isEqualTo("size");
                    assertThat(e.attempts()).isEqualTo(1);
                });
        assertThatThrownBy(() -> client.model("midjourney"))
                .isInstanceOfSatisfying(OpenAiException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        try (AtelierClient stranger = AtelierClient.builder().baseUrl(fx.proxy.url()).apiKey("sk-wrong").build()) {
            assertThatThrownBy(stranger::models).isInstanceOfSatisfying(OpenAiException.class,
                    e -> assertThat(e.code()).isEqualTo("invalid_api_key"));
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aRateLimitedGenerationIsRetriedAfterRetryAfterAndRunsOnce() {
        fx.proxy.inject(r -> r.equals("POST /v1/images/generations"),
                new FaultProxy.Fault.Refuse(429, null, Map.of("Retry-After", "1")));

        GeneratedImages r = client.images().generate("a fox").model("sdxl").run();

        assertThat(r.images()).hasSize(1);
        List<FaultProxy.Exchange> tries = fx.proxy.exchanges(e -> e.equals("POST /v1/images/generations"));
        assertThat(tries).extracting(FaultProxy.Exchange::status).containsExactly(429, 200);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void aFailedUpstreamIsNotRetriedSinceTheServerMayHaveChargedIt() {
        upstream.answer(req -> FakeImagesUpstream.error(400, "invalid_request_error", "content_policy_violation",
                "refused by the upstream's safety system"));

        assertThatThrownBy(() -> client.images().generate("something").model("sdxl").run())
                .isInstanceOfSatisfying(OpenAiException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.code()).isNotNull();
                    System.out.println("upstream refusal as the SDK reports it: " + e.getMessage());
                });
        assertThat(fx.proxy.exchanges(e -> e.equals("POST /v1/images/generations"))).hasSize(1);
    }

    @Test
    void modelsAndUsageAreTyped() {
        List<ImageModel> models = client.models();
        assertThat(models).extracting(ImageModel::id).contains("dall-e-2", "dall-e-3", "gpt-image-1", "sdxl");
        ImageModel dalle3 = client.model("dall-e-3");
        assertThat(dalle3.ownedBy()).isEqualTo("fake");
        assertThat(dalle3.capabilities().generations()).isTrue();
        assertThat(dalle3.capabilities().maxN()).isEqualTo(1);
        assertThat(dalle3.capabilities().sizes()).contains("1792x1024");

        client.images().generate("one").model("dall-e-3").run();
        client.images().generate("two").model("sdxl").size(512, 768).run();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.usage().all().size() == 2);

        List<UsagePage.Record> records = client.usage().limit(1).all();
        assertThat(records).extracting(UsagePage.Record::model).containsExactly("dall-e-3", "sdxl");
        assertThat(records.getFirst().cost()).isEqualTo(0.04);
        assertThat(records.getFirst().provider()).isEqualTo("fake");
        assertThat(records.get(1).imageSize()).isEqualTo("512x768");
        UsagePage page = client.usage().page();
        assertThat(page.totals()).hasSize(1);
        assertThat(page.totals().getFirst().requests()).isEqualTo(2);
        assertThat(page.totals().getFirst().cost()).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
    }
}
