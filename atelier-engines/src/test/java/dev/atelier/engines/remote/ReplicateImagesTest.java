package dev.atelier.engines.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.atelier.engines.remote.WireMockSupport.json;
import static dev.atelier.engines.remote.WireMockSupport.only;
import static dev.atelier.engines.remote.WireMockSupport.requests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplicateImagesTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final byte[] WEBP = TestImages.png(4, 4, 0x999999);
    private final FakeClock clock = new FakeClock();

    private ImageGeneration replicate() {
        return RemoteProviders.create(ProviderSettings.from("replicate", Map.of(
                "ATELIER_PROVIDER_REPLICATE_API_KEY", "r8_test",
                "ATELIER_PROVIDER_REPLICATE_BASE_URL", wm.baseUrl(),
                "ATELIER_PROVIDER_REPLICATE_PRICES", "flux-schnell=0.003")), clock, clock);
    }

    private String delivery(String name) {
        return wm.baseUrl().replace("localhost", "127.0.0.1") + "/delivery/" + name;
    }

    private String prediction(String id, String status, String output) {
        return """
                {"id": "%s", "model": "black-forest-labs/flux-schnell", "version": "hidden",
                 "input": {"prompt": "a fox"}, "logs": "", "output": %s, "data_removed": false, "error": null,
                 "status": "%s", "created_at": "2026-01-01T00:00:00.000Z",
                 "urls": {"cancel": "%s/v1/predictions/%s/cancel", "get": "%s/v1/predictions/%s",
                          "web": "https://replicate.com/p/%s"},
                 "metrics": {"predict_time": 0.81}}""".formatted(id, output, status, wm.baseUrl(), id,
                wm.baseUrl(), id, id);
    }

    private void deliveryServes(String name) {
        wm.stubFor(get(urlEqualTo("/delivery/" + name)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/webp").withBody(WEBP)));
    }

    @Test
    void officialModelAnsweredWithinPreferWaitNeedsNoPolling() {
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions")).willReturn(
                aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(prediction(
                        "p1", "succeeded", "[\"%s\", \"%s\"]".formatted(delivery("a.webp"), delivery("b.webp"))))));
        deliveryServes("a.webp");
        deliveryServes("b.webp");

        GenerationResult result = replicate().generate(GenerationRequest.builder("a fox").model("flux-schnell")
                .size(1344, 768).count(2).seed(3L).outputFormat("webp").build(), Progress.none());

        LoggedRequest sent = only(wm, "/v1/models/");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer r8_test");
        assertThat(sent.getHeader("Prefer")).isEqualTo("wait=60");
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(json(sent)).isEqualTo(json("""
                {"input": {"prompt": "a fox", "aspect_ratio": "16:9", "num_outputs": 2, "seed": 3,
                           "output_format": "webp"}}"""));
        assertThat(requests(wm).stream().filter(r -> r.getUrl().startsWith("/delivery/")))
                .hasSize(2).allSatisfy(r -> assertThat(r.containsHeader("Authorization")).isFalse());
        assertThat(result.images()).hasSize(2);
        assertThat(result.images().getFirst().data()).isEqualTo(WEBP);
        assertThat(result.timings().inference()).isEqualTo(Duration.ofMillis(810));
        assertThat(result.cost()).isEqualByComparingTo("0.006");
    }

    @Test
    void slowPredictionIsPolledThroughUrlsGetUntilSucceeded() {
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions")).willReturn(
                aResponse().withStatus(201).withBody(prediction("p2", "starting", "null"))));
        wm.stubFor(get(urlEqualTo("/v1/predictions/p2")).inScenario("p").whenScenarioStateIs(STARTED)
                .willSetStateTo("done").willReturn(okJson(prediction("p2", "processing", "null"))));
        wm.stubFor(get(urlEqualTo("/v1/predictions/p2")).inScenario("p").whenScenarioStateIs("done")
                .willReturn(okJson(prediction("p2", "succeeded", "\"%s\"".formatted(delivery("c.webp"))))));
        deliveryServes("c.webp");

        GenerationResult result = replicate().generate(GenerationRequest.builder("a fox").build(),
                Progress.none());

        assertThat(requests(wm).stream().filter(r -> r.getUrl().equals("/v1/predictions/p2")))
                .hasSize(2).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer r8_test"));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(result.images()).hasSize(1);
        assertThat(result.model()).isEqualTo("flux-schnell");
    }

    @Test
    void versionedModelUsesThePredictionsEndpointWithVersion() {
        wm.stubFor(post(urlEqualTo("/v1/predictions")).willReturn(aResponse().withStatus(201)
                .withBody(prediction("p3", "succeeded", "[\"%s\"]".formatted(delivery("d.webp"))))));
        deliveryServes("d.webp");
        ProviderSettings s = ProviderSettings.from("replicate", Map.of(
                "ATELIER_PROVIDER_REPLICATE_API_KEY", "r8_test",
                "ATELIER_PROVIDER_REPLICATE_BASE_URL", wm.baseUrl(),
                "ATELIER_PROVIDER_REPLICATE_MODELS", "sdxl=stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e"));

        RemoteProviders.create(s, clock, clock).generate(GenerationRequest.builder("a fox").model("sdxl")
                .negativePrompt("rain").steps(25).guidance(7.5).build(), Progress.none());

        assertThat(json(only(wm, "/v1/predictions"))).isEqualTo(json("""
                {"version": "7762fd07cf82c948538e41f63f77d685e02b063e",
                 "input": {"prompt": "a fox", "negative_prompt": "rain", "num_inference_steps": 25,
                           "guidance": 7.5}}"""));
    }

    @Test
    void fillAndKontextSendImagesAsDataUrls() {
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-fill-pro/predictions")).willReturn(
                aResponse().withStatus(201).withBody(prediction("p4", "succeeded", "\"%s\"".formatted(
                        delivery("e.webp"))))));
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-kontext-pro/predictions")).willReturn(
                aResponse().withStatus(201).withBody(prediction("p5", "succeeded", "\"%s\"".formatted(
                        delivery("e.webp"))))));
        deliveryServes("e.webp");
        EncodedImage image = EncodedImage.of(TestImages.png(4, 4, 0x123456));
        EncodedImage mask = EncodedImage.of(TestImages.leftHalfMask(4, 4));

        replicate().edit(image, mask, GenerationRequest.builder("a lamp").build(), Progress.none());
        replicate().transform(List.of(image), GenerationRequest.builder("make it night").model("flux-kontext-pro")
                .build(), Progress.none());

        assertThat(json(only(wm, "/v1/models/black-forest-labs/flux-fill-pro"))).isEqualTo(json("""
                {"input": {"prompt": "a lamp", "image": "%s", "mask": "%s"}}""".formatted(image.dataUrl(),
                mask.dataUrl())));
        assertThat(json(only(wm, "/v1/models/black-forest-labs/flux-kontext-pro"))).isEqualTo(json("""
                {"input": {"prompt": "make it night", "input_image": "%s"}}""".formatted(image.dataUrl())));
    }

    @Test
    void failedPredictionFlaggedAsNsfwIsContentPolicyOtherFailuresUnavailable() {
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions")).willReturn(
                aResponse().withStatus(201).withBody(prediction("p6", "failed", "null").replace("\"error\": null",
                        "\"error\": \"NSFW content detected. Try running it again, or try a different prompt.\""))));
        assertThatThrownBy(() -> replicate().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class)).extracting(ProviderError::code)
                .isEqualTo(Code.CONTENT_POLICY);

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions")).willReturn(
                aResponse().withStatus(201).withBody(prediction("p7", "failed", "null").replace("\"error\": null",
                        "\"error\": \"CUDA out of memory\""))));
        assertThatThrownBy(() -> replicate().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("CUDA out of memory");
                });
    }

    @Test
    void problemDocumentsMapToCodes() {
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions")).willReturn(
                aResponse().withStatus(422).withHeader("Content-Type", "application/problem+json").withBody("""
                {"title": "Input validation failed", "status": 422,
                 "detail": "- input.aspect_ratio: aspect_ratio must be one of the following: \\"1:1\\"",
                 "invalid_fields": [{"type": "enum", "field": "input.aspect_ratio", "description": "must be one of"}]}""")));
        assertThatThrownBy(() -> replicate().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("input.aspect_ratio");
                    assertThat(e.upstreamCode()).isEqualTo("Input validation failed");
                });

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions")).willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("""
                {"title": "Request was throttled", "status": 429,
                 "detail": "Request was throttled. Expected available in 2 seconds."}""")));
        assertThatThrownBy(() -> replicate().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                });
    }
}
