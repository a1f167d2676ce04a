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
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BflImagesTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final byte[] JPEG = TestImages.jpeg(4, 4, 0x202020);
    private final FakeClock clock = new FakeClock();

    private ImageGeneration bfl() {
        return RemoteProviders.create(ProviderSettings.from("bfl", Map.of(
                "ATELIER_PROVIDER_BFL_API_KEY", "bfl-key",
                "ATELIER_PROVIDER_BFL_BASE_URL", wm.baseUrl(),
                "ATELIER_PROVIDER_BFL_POLL_INTERVAL_MS", "500",
                "ATELIER_PROVIDER_BFL_MAX_WAIT_MS", "5000")), clock, clock);
    }

    /** A CDN on another host name than the API, as BFL's delivery URLs are. */
    private String cdn(String path) {
        return wm.baseUrl().replace("localhost", "127.0.0.1") + path;
    }

    private void submitAnswers(String model, String id) {
        wm.stubFor(post(urlEqualTo("/v1/" + model)).willReturn(okJson("""
                {"id": "%s", "polling_url": "%s/v1/get_result?id=%s", "cost": 4.0, "input_mp": 0, "output_mp": 0.79}"""
                .formatted(id, wm.baseUrl(), id))));
    }

    private void readyAfterTwoPolls(String id) {
        String url = "/v1/get_result?id=" + id;
        wm.stubFor(get(urlEqualTo(url)).inScenario("poll").whenScenarioStateIs(STARTED).willSetStateTo("second")
                .willReturn(okJson("""
                        {"id": "%s", "status": "Pending", "result": null, "progress": 0.2}""".formatted(id))));
        wm.stubFor(get(urlEqualTo(url)).inScenario("poll").whenScenarioStateIs("second").willSetStateTo("ready")
                .willReturn(okJson("""
                        {"id": "%s", "status": "Pending", "result": null, "progress": 0.7}""".formatted(id))));
        wm.stubFor(get(urlEqualTo(url)).inScenario("poll").whenScenarioStateIs("ready").willReturn(okJson("""
                {"id": "%s", "status": "Ready", "progress": null,
                 "result": {"sample": "%s", "prompt": "a cat", "seed": 966285791,
                            "start_time": 1741760930.183, "end_time": 1741760934.112, "duration": 3.929}}"""
                .formatted(id, cdn("/delivery/sample.jpg")))));
        wm.stubFor(get(urlEqualTo("/delivery/sample.jpg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    }

    @Test
    void textToImageSubmitsWithXKeyPollsUntilReadyAndFetchesTheSample() {
        submitAnswers("flux-pro-1.1", "task-1");
        readyAfterTwoPolls("task-1");

        GenerationResult result = bfl().generate(GenerationRequest.builder("a cat").model("flux-pro-1.1")
                .size(1000, 770).seed(42L).outputFormat("jpeg").build(), Progress.none());

        LoggedRequest submit = only(wm, "/v1/flux-pro-1.1");
        assertThat(submit.getHeader("x-key")).isEqualTo("bfl-key");
        assertThat(submit.containsHeader("Authorization")).isFalse();
        assertThat(submit.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(json(submit)).isEqualTo(json("""
                {"prompt": "a cat", "width": 992, "height": 768, "seed": 42, "output_format": "jpeg"}"""));
        List<LoggedRequest> polls = requests(wm).stream().filter(r -> r.getUrl().startsWith("/v1/get_result"))
                .toList();
        assertThat(polls).hasSize(3).allSatisfy(p -> assertThat(p.getHeader("x-key")).isEqualTo("bfl-key"));
        assertThat(only(wm, "/delivery/").containsHeader("x-key")).as("the signed URL needs no key").isFalse();
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(result.images().getFirst().data()).isEqualTo(JPEG);
        assertThat(result.images().getFirst().mimeType()).isEqualTo("image/jpeg");
        assertThat(result.seed()).isEqualTo(966285791L);
        assertThat(result.timings().inference()).isEqualTo(Duration.ofMillis(3929));
        assertThat(result.timings().total()).isEqualTo(Duration.ofSeconds(1));
        assertThat(result.cost()).as("4 credits of one cent").isEqualByComparingTo("0.04");
    }

    @Test
    void kontextTakesSourcesAsBase64InputImagesAndAnAspectRatio() {
        submitAnswers("flux-kontext-pro", "task-2");
        readyAfterTwoPolls("task-2");
        byte[] a = TestImages.png(4, 4, 0x010101);
        byte[] b = TestImages.png(4, 4, 0x020202);

        bfl().transform(List.of(EncodedImage.of(a), EncodedImage.of(b)), GenerationRequest.builder(
                "put the hat from image 2 on the person in image 1").model("flux-kontext-pro").size(1024, 1536)
                .build(), Progress.none());

        assertThat(json(only(wm, "/v1/flux-kontext-pro"))).isEqualTo(json("""
                {"prompt": "put the hat from image 2 on the person in image 1", "input_image": "%s",
                 "input_image_2": "%s", "aspect_ratio": "2:3"}""".formatted(
                Base64.getEncoder().encodeToString(a), Base64.getEncoder().encodeToString(b))));
    }

    @Test
    void fillSendsImageAndMaskAsBase64() {
        submitAnswers("flux-pro-1.0-fill", "task-3");
        readyAfterTwoPolls("task-3");
        byte[] image = TestImages.png(8, 8, 0x0000FF);
        byte[] mask = TestImages.leftHalfMask(8, 8);

        GenerationResult result = bfl().edit(EncodedImage.of(image), EncodedImage.of(mask),
                GenerationRequest.builder("a potted plant").steps(50).guidance(30.0).build(), Progress.none());

        assertThat(json(only(wm, "/v1/flux-pro-1.0-fill"))).isEqualTo(json("""
                {"prompt": "a potted plant", "image": "%s", "mask": "%s", "steps": 50, "guidance": 30.0}""".formatted(
                Base64.getEncoder().encodeToString(image), Base64.getEncoder().encodeToString(mask))));
        assertThat(result.model()).isEqualTo("flux-fill-pro");
    }

    @Test
    void moderatedRequestIsContentPolicy() {
        submitAnswers("flux-pro-1.1", "task-4");
        wm.stubFor(get(urlEqualTo("/v1/get_result?id=task-4")).willReturn(okJson("""
                {"id": "task-4", "status": "Request Moderated", "result": null,
                 "details": {"Moderation Reasons": ["Derivative Works Filter"]}}""")));

        assertThatThrownBy(() -> bfl().generate(GenerationRequest.builder("x").model("flux-pro-1.1").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.CONTENT_POLICY);
                    assertThat(e.upstreamCode()).isEqualTo("Request Moderated");
                    assertThat(e.getMessage()).contains("Derivative Works Filter");
                });
    }

    @Test
    void taskStillPendingAfterTheMaximumWaitIsUnavailable() {
        submitAnswers("flux-pro-1.1", "task-5");
        wm.stubFor(get(urlEqualTo("/v1/get_result?id=task-5")).willReturn(okJson("""
                {"id": "task-5", "status": "Pending", "result": null}""")));

        assertThatThrownBy(() -> bfl().generate(GenerationRequest.builder("x").model("flux-pro-1.1").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("did not finish within 5000 ms")
                            .contains("ATELIER_PROVIDER_BFL_MAX_WAIT_MS");
                });
        assertThat(clock.sleeps()).hasSize(10);
    }

    @Test
    void validationErrorNamesTheFieldAndInsufficientCreditsIsQuota() {
        wm.stubFor(post(urlEqualTo("/v1/flux-pro-1.1")).willReturn(aResponse().withStatus(422).withBody("""
                {"detail": [{"loc": ["body", "width"], "msg": "Input should be a multiple of 32",
                             "type": "multiple_of"}]}""")));
        assertThatThrownBy(() -> bfl().generate(GenerationRequest.builder("x").model("flux-pro-1.1").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("width");
                    assertThat(e.upstreamCode()).isEqualTo("multiple_of");
                });

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/v1/flux-pro-1.1")).willReturn(aResponse().withStatus(402).withBody("""
                {"detail": "Insufficient credits"}""")));
        assertThatThrownBy(() -> bfl().generate(GenerationRequest.builder("x").model("flux-pro-1.1").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class)).extracting(ProviderError::code)
                .isEqualTo(Code.QUOTA_EXCEEDED);
    }

    @Test
    void pollingUrlOutsideBflsDomainIsNotTrustedWithTheKey() {
        assertThat(Upstream.sameSite(URI.create("https://api.us1.bfl.ai/v1/get_result?id=1"),
                URI.create("https://api.bfl.ai"))).isTrue();
        assertThat(Upstream.sameSite(URI.create("https://evil.example/v1/get_result?id=1"),
                URI.create("https://api.bfl.ai"))).isFalse();
        assertThat(Upstream.sameSite(URI.create("http://api.us1.bfl.ai/x"),
                URI.create("https://api.bfl.ai"))).isFalse();

        wm.stubFor(post(urlEqualTo("/v1/flux-dev")).willReturn(okJson("""
                {"id": "task-6", "polling_url": "https://evil.example/steal?id=task-6"}""")));
        readyAfterTwoPolls("task-6");
        bfl().generate(GenerationRequest.builder("a cat").model("flux-dev").build(), Progress.none());
        assertThat(requests(wm)).anySatisfy(r -> assertThat(r.getUrl()).isEqualTo("/v1/get_result?id=task-6"));
    }
}
