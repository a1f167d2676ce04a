package dev.atelier.engines.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.atelier.engines.remote.WireMockSupport.only;
import static dev.atelier.engines.remote.WireMockSupport.parts;
import static dev.atelier.engines.remote.WireMockSupport.requests;
import static dev.atelier.engines.remote.WireMockSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.FakeClock;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.TestImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StabilityImagesTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final byte[] WEBP_LIKE = TestImages.png(4, 4, 0x445566);
    private final FakeClock clock = new FakeClock();

    private ImageGeneration stability() {
        return RemoteProviders.create(ProviderSettings.from("stability", Map.of(
                "ATELIER_PROVIDER_STABILITY_API_KEY", "sk-stab",
                "ATELIER_PROVIDER_STABILITY_BASE_URL", wm.baseUrl(),
                "ATELIER_PROVIDER_STABILITY_PRICES", "stable-image-core=0.03")), clock, clock);
    }

    private static ResponseDefinitionBuilder imageAnswer(long seed) {
        return aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withHeader("finish-reason", "SUCCESS").withHeader("seed", Long.toString(seed))
                .withHeader("x-request-id", "req-1").withBody(WEBP_LIKE);
    }

    @Test
    void coreTextToImageSendsMultipartWithAcceptImageAndReadsSeedHeader() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/core")).willReturn(imageAnswer(343940597)));

        GenerationResult result = stability().generate(GenerationRequest.builder("Lighthouse on a cliff")
                .model("stable-image-core").negativePrompt("fog").size(1920, 1080).seed(7L).style("photographic")
                .outputFormat("png").build(), Progress.none());

        LoggedRequest sent = only(wm, "/v2beta/stable-image/generate/core");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-stab");
        assertThat(sent.getHeader("Accept")).isEqualTo("image/*");
        assertThat(sent.getHeader("Content-Type")).startsWith("multipart/form-data");
        Map<String, Request.Part> parts = parts(sent);
        assertThat(parts.keySet()).containsExactly("prompt", "aspect_ratio", "negative_prompt", "seed",
                "style_preset", "output_format");
        assertThat(text(parts.get("prompt"))).isEqualTo("Lighthouse on a cliff");
        assertThat(text(parts.get("aspect_ratio"))).isEqualTo("16:9");
        assertThat(text(parts.get("negative_prompt"))).isEqualTo("fog");
        assertThat(text(parts.get("seed"))).isEqualTo("7");
        assertThat(text(parts.get("style_preset"))).isEqualTo("photographic");
        assertThat(text(parts.get("output_format"))).isEqualTo("png");
        assertThat(result.images().getFirst().data()).isEqualTo(WEBP_LIKE);
        assertThat(result.seed()).isEqualTo(343940597L);
        assertThat(result.model()).isEqualTo("stable-image-core");
        assertThat(result.cost()).isEqualByComparingTo("0.03");
    }

    @Test
    void sd3ImageToImageSendsModelModeImageAndStrength() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/sd3")).willReturn(imageAnswer(1)));
        byte[] source = TestImages.jpeg(8, 8, 0x808080);

        stability().transform(List.of(EncodedImage.of(source)), GenerationRequest.builder("make it autumn")
                .model("sd3.5-large").guidance(5.0).size(1024, 1024).build(), Progress.none());

        Map<String, Request.Part> parts = parts(only(wm, "/v2beta/stable-image/generate/sd3"));
        assertThat(parts.keySet()).containsExactly("prompt", "model", "mode", "cfg_scale", "image", "strength");
        assertThat(text(parts.get("model"))).isEqualTo("sd3.5-large");
        assertThat(text(parts.get("mode"))).isEqualTo("image-to-image");
        assertThat(text(parts.get("cfg_scale"))).isEqualTo("5.0");
        assertThat(text(parts.get("strength"))).isEqualTo("0.7");
        assertThat(parts.get("image").getBody().asBytes()).isEqualTo(source);
        assertThat(parts.get("image").getHeader("Content-Type").firstValue()).isEqualTo("image/jpeg");
    }

    @Test
    void countAboveOneMakesOneCallPerImage() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/ultra")).willReturn(imageAnswer(5)));

        GenerationResult result = stability().generate(GenerationRequest.builder("a red fox").model(
                "stable-image-ultra").count(3).build(), Progress.none());

        assertThat(result.images()).hasSize(3);
        assertThat(requests(wm)).hasSize(3);
    }

    @Test
    void inpaintSendsImageAndMaskUnchangedBecauseConventionsMatch() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/edit/inpaint")).willReturn(imageAnswer(9)));
        byte[] image = TestImages.png(8, 8, 0x00FF00);
        byte[] mask = TestImages.leftHalfMask(8, 8);

        GenerationResult result = stability().edit(EncodedImage.of(image), EncodedImage.of(mask),
                GenerationRequest.builder("a wooden bench").build(), Progress.none());

        Map<String, Request.Part> parts = parts(only(wm, "/v2beta/stable-image/edit/inpaint"));
        assertThat(parts.keySet()).containsExactly("image", "mask", "prompt");
        assertThat(parts.get("image").getBody().asBytes()).isEqualTo(image);
        assertThat(parts.get("mask").getBody().asBytes()).isEqualTo(mask);
        assertThat(result.model()).isEqualTo("stable-image-inpaint");
    }

    @Test
    void moderationAnswersAreContentPolicy() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/core")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                {"id": "ed14db44362126aab3cbd25cca51ffe3", "name": "content_moderation",
                 "errors": ["Your request was flagged by our content moderation system, as a result your request was denied and you were not charged."]}""")));
        assertThatThrownBy(() -> stability().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.CONTENT_POLICY);
                    assertThat(e.upstreamCode()).isEqualTo("content_moderation");
                    assertThat(e.getMessage()).contains("flagged by our content moderation");
                });

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/core")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withHeader("finish-reason", "CONTENT_FILTERED")
                .withBody(WEBP_LIKE)));
        assertThatThrownBy(() -> stability().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .extracting(ProviderError::code).isEqualTo(Code.CONTENT_POLICY);
    }

    @Test
    void badRequestListsTheUpstreamErrorsAndNamesTheField() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/core")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                {"id": "a1b2", "name": "bad_request", "errors": ["aspect_ratio: must be one of 16:9, 1:1"]}""")));

        assertThatThrownBy(() -> stability().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("aspect_ratio");
                    assertThat(e.getMessage()).contains("must be one of");
                });
    }

    @Test
    void throttlingIsRateLimited() {
        wm.stubFor(post(urlEqualTo("/v2beta/stable-image/generate/core")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody("""
                {"id": "c3", "name": "rate_limit_exceeded", "errors": ["You have exceeded the rate limit of 150 requests within a 10 second period"]}""")));

        assertThatThrownBy(() -> stability().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .extracting(ProviderError::code).isEqualTo(Code.RATE_LIMITED);
    }
}
