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

class FalImagesTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final byte[] JPEG = TestImages.jpeg(4, 4, 0x777777);
    private final FakeClock clock = new FakeClock();

    private ImageGeneration fal() {
        return RemoteProviders.create(ProviderSettings.from("fal", Map.of(
                "ATELIER_PROVIDER_FAL_API_KEY", "fal-key:secret",
                "ATELIER_PROVIDER_FAL_BASE_URL", wm.baseUrl(),
                "ATELIER_PROVIDER_FAL_POLL_INTERVAL_MS", "250")), clock, clock);
    }

    private void queue(String model, String app, String id) {
        wm.stubFor(post(urlEqualTo("/" + model)).willReturn(okJson("""
                {"status": "IN_QUEUE", "request_id": "%s",
                 "response_url": "%s/%s/requests/%s", "status_url": "%s/%s/requests/%s/status",
                 "cancel_url": "%s/%s/requests/%s/cancel", "queue_position": 2}"""
                .formatted(id, wm.baseUrl(), app, id, wm.baseUrl(), app, id, wm.baseUrl(), app, id))));
        String status = "/" + app + "/requests/" + id + "/status";
        wm.stubFor(get(urlEqualTo(status)).inScenario(id).whenScenarioStateIs(STARTED).willSetStateTo("running")
                .willReturn(aResponse().withStatus(202).withBody("""
                        {"status": "IN_QUEUE", "queue_position": 1, "response_url": "x"}""")));
        wm.stubFor(get(urlEqualTo(status)).inScenario(id).whenScenarioStateIs("running").willSetStateTo("done")
                .willReturn(aResponse().withStatus(202).withBody("""
                        {"status": "IN_PROGRESS", "logs": null, "response_url": "x"}""")));
        wm.stubFor(get(urlEqualTo(status)).inScenario(id).whenScenarioStateIs("done").willReturn(okJson("""
                {"status": "COMPLETED", "logs": null, "response_url": "x", "metrics": {"inference_time": 1.2}}""")));
    }

    private void result(String app, String id, String body) {
        wm.stubFor(get(urlEqualTo("/" + app + "/requests/" + id)).willReturn(okJson(body)));
    }

    private String cdn(String name) {
        return wm.baseUrl().replace("localhost", "127.0.0.1") + "/files/" + name;
    }

    @Test
    void submitPollsStatusThenFetchesTheResponseAndTheImages() {
        queue("fal-ai/flux/dev", "fal-ai/flux", "req-1");
        result("fal-ai/flux", "req-1", """
                {"images": [{"url": "%s", "width": 1024, "height": 768, "content_type": "image/jpeg"}],
                 "timings": {"inference": 1.234}, "seed": 6252023, "has_nsfw_concepts": [false],
                 "prompt": "a cat"}""".formatted(cdn("out.jpg")));
        wm.stubFor(get(urlEqualTo("/files/out.jpg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(JPEG)));

        GenerationResult result = fal().generate(GenerationRequest.builder("a cat").model("flux-dev")
                .size(1024, 768).seed(6252023L).steps(28).guidance(3.5).outputFormat("jpeg").build(),
                Progress.none());

        LoggedRequest submit = only(wm, "/fal-ai/flux/dev");
        assertThat(submit.getHeader("Authorization")).isEqualTo("Key fal-key:secret");
        assertThat(json(submit)).isEqualTo(json("""
                {"prompt": "a cat", "image_size": {"width": 1024, "height": 768}, "num_images": 1,
                 "seed": 6252023, "num_inference_steps": 28, "guidance_scale": 3.5, "output_format": "jpeg"}"""));
        assertThat(requests(wm).stream().filter(r -> r.getUrl().endsWith("/status")))
                .hasSize(3).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Key fal-key:secret"));
        assertThat(requests(wm).stream().filter(r -> r.getUrl().equals("/fal-ai/flux/requests/req-1")))
                .singleElement().satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Key fal-key:secret"));
        assertThat(only(wm, "/files/").containsHeader("Authorization")).isFalse();
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
        assertThat(result.images().getFirst().data()).isEqualTo(JPEG);
        assertThat(result.seed()).isEqualTo(6252023L);
        assertThat(result.timings().inference()).isEqualTo(Duration.ofMillis(1234));
    }

    @Test
    void fillSendsImageAndMaskUrlsAndKontextSeveralImageUrls() {
        queue("fal-ai/flux-pro/v1/fill", "fal-ai/flux-pro", "req-2");
        result("fal-ai/flux-pro", "req-2", """
                {"images": [{"url": "data:image/jpeg;base64,%s", "content_type": "image/jpeg"}], "seed": 1}"""
                .formatted(java.util.Base64.getEncoder().encodeToString(JPEG)));
        EncodedImage image = EncodedImage.of(TestImages.png(4, 4, 0x010203));
        EncodedImage mask = EncodedImage.of(TestImages.leftHalfMask(4, 4));

        GenerationResult result = fal().edit(image, mask, GenerationRequest.builder("a vase").build(),
                Progress.none());

        assertThat(json(only(wm, "/fal-ai/flux-pro/v1/fill"))).isEqualTo(json("""
                {"prompt": "a vase", "image_url": "%s", "mask_url": "%s", "num_images": 1}""".formatted(
                image.dataUrl(), mask.dataUrl())));
        assertThat(result.images().getFirst().data()).as("data URI output decoded inline").isEqualTo(JPEG);

        wm.resetAll();
        queue("fal-ai/flux-pro/kontext", "fal-ai/flux-pro", "req-3");
        result("fal-ai/flux-pro", "req-3", """
                {"images": [{"url": "data:image/jpeg;base64,%s"}]}""".formatted(
                java.util.Base64.getEncoder().encodeToString(JPEG)));
        fal().transform(List.of(image, mask), GenerationRequest.builder("combine").model("flux-kontext-pro")
                .build(), Progress.none());
        assertThat(json(only(wm, "/fal-ai/flux-pro/kontext"))).isEqualTo(json("""
                {"prompt": "combine", "image_urls": ["%s", "%s"], "num_images": 1}""".formatted(
                image.dataUrl(), mask.dataUrl())));
    }

    @Test
    void imagesFlaggedBySafetyCheckerAreDroppedAndAllFlaggedIsContentPolicy() {
        queue("fal-ai/flux/schnell", "fal-ai/flux", "req-4");
        result("fal-ai/flux", "req-4", """
                {"images": [{"url": "%s"}, {"url": "%s"}], "has_nsfw_concepts": [true, true]}""".formatted(
                cdn("a.jpg"), cdn("b.jpg")));

        assertThatThrownBy(() -> fal().generate(GenerationRequest.builder("x").count(2).build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class)).extracting(ProviderError::code)
                .isEqualTo(Code.CONTENT_POLICY);
        assertThat(requests(wm)).noneSatisfy(r -> assertThat(r.getUrl()).startsWith("/files/"));
    }

    @Test
    void modelErrorsFromTheResponseUrlAreMapped() {
        queue("fal-ai/flux/schnell", "fal-ai/flux", "req-5");
        wm.stubFor(get(urlEqualTo("/fal-ai/flux/requests/req-5")).willReturn(aResponse().withStatus(422)
                .withHeader("X-Fal-Retryable", "false").withBody("""
                {"detail": [{"loc": ["body", "prompt"], "msg": "The content could not be processed because it contained material flagged by a content checker.",
                             "type": "content_policy_violation", "url": "https://docs.fal.ai/errors#content_policy_violation"}]}""")));
        assertThatThrownBy(() -> fal().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.CONTENT_POLICY);
                    assertThat(e.upstreamCode()).isEqualTo("content_policy_violation");
                    assertThat(e.param()).isEqualTo("prompt");
                });

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/fal-ai/flux/schnell")).willReturn(aResponse().withStatus(503)
                .withHeader("X-Fal-Error-Type", "runner_scheduling_failure").withBody("""
                {"detail": "No runner could be allocated", "error_type": "runner_scheduling_failure"}""")));
        assertThatThrownBy(() -> fal().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                    assertThat(e.upstreamCode()).isEqualTo("runner_scheduling_failure");
                });
    }

    @Test
    void appIdDropsTheEndpointPath() {
        assertThat(FalImages.appId("fal-ai/flux/dev")).isEqualTo("fal-ai/flux");
        assertThat(FalImages.appId("fal-ai/flux-pro/v1/fill")).isEqualTo("fal-ai/flux-pro");
        assertThat(FalImages.appId("fal-ai/fast-sdxl")).isEqualTo("fal-ai/fast-sdxl");
    }
}
