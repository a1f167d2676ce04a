package dev.atelier.engines.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.atelier.engines.remote.WireMockSupport.json;
import static dev.atelier.engines.remote.WireMockSupport.only;
import static dev.atelier.engines.remote.WireMockSupport.parts;
import static dev.atelier.engines.remote.WireMockSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.FakeClock;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.TestImages;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiImagesTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final byte[] PNG = TestImages.png(4, 4, 0x3366CC);
    static final String B64 = Base64.getEncoder().encodeToString(PNG);

    private final FakeClock clock = new FakeClock();

    private ImageGeneration openai(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "ATELIER_PROVIDER_OPENAI_API_KEY", "sk-test-123",
                "ATELIER_PROVIDER_OPENAI_BASE_URL", wm.baseUrl() + "/v1",
                "ATELIER_PROVIDER_OPENAI_TIMEOUT_MS", "2000",
                "ATELIER_PROVIDER_OPENAI_PRICES", "dall-e-3=0.04,dall-e-3:hd@1792x1024=0.12,gpt-image-1=0.042"));
        env.putAll(more);
        return RemoteProviders.create(ProviderSettings.from("openai", env), clock, clock);
    }

    private ImageGeneration openai() {
        return openai(Map.of());
    }

    @Test
    void textToImageSendsOpenAiJsonWithBearerKeyAndReadsBase64Images() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created": 1729535643,
                 "data": [{"b64_json": "%s", "revised_prompt": "A calm lake at dusk"}]}""".formatted(B64))));

        GenerationResult result = openai().generate(GenerationRequest.builder("a lake at sunset")
                .model("dall-e-3").size(1792, 1024).quality("hd").style("natural").build(), Progress.none());

        LoggedRequest sent = only(wm, "/v1/images/generations");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(json(sent)).isEqualTo(json("""
                {"model": "dall-e-3", "prompt": "a lake at sunset", "n": 1, "size": "1792x1024",
                 "quality": "hd", "style": "natural", "response_format": "b64_json"}"""));
        assertThat(result.images()).hasSize(1);
        assertThat(result.images().getFirst().data()).isEqualTo(PNG);
        assertThat(result.images().getFirst().mimeType()).isEqualTo("image/png");
        assertThat(result.images().getFirst().revisedPrompt()).isEqualTo("A calm lake at dusk");
        assertThat(result.provider()).isEqualTo("openai");
        assertThat(result.engineId()).isEqualTo("remote:openai");
        assertThat(result.model()).isEqualTo("dall-e-3");
        assertThat(result.cost()).isEqualByComparingTo(new BigDecimal("0.12"));
    }

    @Test
    void gptImageOmitsResponseFormatSendsOutputOptionsAndReportsTokenUsage() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created": 1, "background": "transparent", "output_format": "webp",
                 "data": [{"b64_json": "%s"}, {"b64_json": "%s"}],
                 "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210,
                           "input_tokens_details": {"text_tokens": 50, "image_tokens": 0}}}""".formatted(B64, B64))));

        GenerationResult result = openai().generate(GenerationRequest.builder("a sticker of a fox")
                .model("gpt-image-1").count(2).size(1024, 1024).quality("high").outputFormat("webp")
                .background("transparent").build(), Progress.none());

        assertThat(json(only(wm, "/v1/images/generations"))).isEqualTo(json("""
                {"model": "gpt-image-1", "prompt": "a sticker of a fox", "n": 2, "size": "1024x1024",
                 "quality": "high", "output_format": "webp", "background": "transparent"}"""));
        assertThat(result.images()).hasSize(2);
        assertThat(result.usage().inputTokens()).isEqualTo(50);
        assertThat(result.usage().outputTokens()).isEqualTo(4160);
        assertThat(result.usage().totalTokens()).isEqualTo(4210);
        assertThat(result.usage().inputTextTokens()).isEqualTo(50);
        assertThat(result.cost()).isEqualByComparingTo(new BigDecimal("0.084"));
    }

    @Test
    void imagesReturnedAsUrlsAreFetchedWithoutSendingTheKeyToAnotherHost() {
        String cdn = wm.baseUrl().replace("localhost", "127.0.0.1") + "/cdn/img-1.png";
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created": 1, "data": [{"url": "%s"}]}""".formatted(cdn))));
        wm.stubFor(get(urlEqualTo("/cdn/img-1.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(PNG)));

        GenerationResult result = openai().generate(GenerationRequest.builder("x").model("dall-e-2").build(),
                Progress.none());

        assertThat(result.images().getFirst().data()).isEqualTo(PNG);
        assertThat(result.images().getFirst().sourceUrl()).isEqualTo(cdn);
        assertThat(only(wm, "/cdn/").containsHeader("Authorization")).isFalse();
    }

    @Test
    void resultImageLargerThanTheDownloadLimitIsRefused() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created": 1, "data": [{"url": "%s/cdn/big.png"}]}""".formatted(wm.baseUrl()))));
        wm.stubFor(get(urlEqualTo("/cdn/big.png")).willReturn(aResponse().withStatus(200)
                .withBody(new byte[5000])));

        ImageGeneration engine = openai(Map.of("ATELIER_PROVIDER_OPENAI_MAX_DOWNLOAD_BYTES", "4096"));
        assertThatThrownBy(() -> engine.generate(GenerationRequest.builder("x").model("dall-e-2").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("4096 byte limit")
                            .contains("ATELIER_PROVIDER_OPENAI_MAX_DOWNLOAD_BYTES");
                });
    }

    @Test
    void maskedEditSendsMultipartWithTheMaskConvertedToOpenAiTransparency() {
        wm.stubFor(post(urlEqualTo("/v1/images/edits")).willReturn(okJson("""
                {"created": 1, "data": [{"b64_json": "%s"}]}""".formatted(B64))));
        byte[] source = TestImages.png(8, 8, 0xFF0000);

        openai().edit(EncodedImage.of(source), EncodedImage.of(TestImages.leftHalfMask(8, 8)),
                GenerationRequest.builder("put a hat on it").model("gpt-image-1").size(1024, 1024).build(),
                Progress.none());

        LoggedRequest sent = only(wm, "/v1/images/edits");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(sent.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
        Map<String, Request.Part> parts = parts(sent);
        assertThat(parts.keySet()).containsExactly("image", "mask", "prompt", "model", "n", "size");
        assertThat(parts.get("image").getBody().asBytes()).isEqualTo(source);
        assertThat(parts.get("image").getHeader("Content-Type").firstValue()).isEqualTo("image/png");
        assertThat(text(parts.get("prompt"))).isEqualTo("put a hat on it");
        assertThat(text(parts.get("model"))).isEqualTo("gpt-image-1");
        assertThat(text(parts.get("n"))).isEqualTo("1");
        assertThat(text(parts.get("size"))).isEqualTo("1024x1024");
        BufferedImage mask = TestImages.decode(parts.get("mask").getBody().asBytes());
        assertThat(mask.getColorModel().hasAlpha()).isTrue();
        assertThat(mask.getRGB(1, 4) >>> 24).as("white in our mask = editable = transparent").isZero();
        assertThat(mask.getRGB(6, 4) >>> 24).as("black in our mask = keep = opaque").isEqualTo(255);
    }

    @Test
    void imageToImageWithSeveralSourcesSendsImageArrayParts() {
        wm.stubFor(post(urlEqualTo("/v1/images/edits")).willReturn(okJson("""
                {"created": 1, "data": [{"b64_json": "%s"}]}""".formatted(B64))));
        byte[] a = TestImages.png(4, 4, 0x111111);
        byte[] b = TestImages.jpeg(4, 4, 0x222222);

        openai().transform(List.of(EncodedImage.of(a), EncodedImage.of(b)),
                GenerationRequest.builder("a gift basket with both items").model("gpt-image-1").build(),
                Progress.none());

        Map<String, Request.Part> parts = parts(only(wm, "/v1/images/edits"));
        assertThat(parts.keySet()).containsExactly("image[]", "image[]#2", "prompt", "model", "n");
        assertThat(parts.get("image[]").getBody().asBytes()).isEqualTo(a);
        assertThat(parts.get("image[]#2").getBody().asBytes()).isEqualTo(b);
        assertThat(parts.get("image[]#2").getHeader("Content-Type").firstValue()).isEqualTo("image/jpeg");
    }

    @Test
    void dallE2WithoutPromptAsksForAVariation() {
        wm.stubFor(post(urlEqualTo("/v1/images/variations")).willReturn(okJson("""
                {"created": 1, "data": [{"b64_json": "%s"}]}""".formatted(B64))));
        byte[] jpeg = TestImages.jpeg(8, 8, 0x00AA00);

        openai().transform(List.of(EncodedImage.of(jpeg)),
                GenerationRequest.builder("").model("dall-e-2").size(256, 256).build(), Progress.none());

        Map<String, Request.Part> parts = parts(only(wm, "/v1/images/variations"));
        assertThat(parts.keySet()).containsExactly("image", "model", "n", "size", "response_format");
        assertThat(parts.get("image").getHeader("Content-Type").firstValue()).as("dall-e-2 takes PNG only")
                .isEqualTo("image/png");
        assertThat(TestImages.decode(parts.get("image").getBody().asBytes()).getWidth()).isEqualTo(8);
        assertThat(text(parts.get("response_format"))).isEqualTo("b64_json");
    }

    @Test
    void contentPolicyRefusalIsTypedAndKeepsTheUpstreamCode() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                {"error": {"code": "content_policy_violation", "message": "Your request was rejected as a result of our safety system.",
                           "param": null, "type": "invalid_request_error"}}""")));

        assertThatThrownBy(() -> openai().generate(GenerationRequest.builder("x").model("dall-e-3").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.CONTENT_POLICY);
                    assertThat(e.code().allowsFallback()).isFalse();
                    assertThat(e.upstreamCode()).isEqualTo("content_policy_violation");
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("safety system");
                });
    }

    @Test
    void invalidParameterNamesTheParam() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"code": "invalid_size", "message": "The size is not supported by this model.",
                           "param": "size", "type": "invalid_request_error"}}""")));

        assertThatThrownBy(() -> openai().generate(GenerationRequest.builder("x").model("dall-e-3")
                .size(512, 512).build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("size");
                });
    }

    @Test
    void rateLimitCarriesRetryAfterAndQuotaIsItsOwnCode() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7").withBody("""
                {"error": {"code": "rate_limit_exceeded", "message": "Rate limit reached for images per minute",
                           "param": null, "type": "requests"}}""")));
        assertThatThrownBy(() -> openai().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                });

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(429).withBody("""
                {"error": {"code": "insufficient_quota", "message": "You exceeded your current quota",
                           "param": null, "type": "insufficient_quota"}}""")));
        assertThatThrownBy(() -> openai().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .extracting(ProviderError::code).isEqualTo(Code.QUOTA_EXCEEDED);
    }

    @Test
    void rejectedKeyIsAuthAndServerErrorIsUnavailable() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(401).withBody("""
                {"error": {"code": "invalid_api_key", "message": "Incorrect API key provided: sk-test***123.",
                           "param": null, "type": "invalid_request_error"}}""")));
        assertThatThrownBy(() -> openai().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class)).extracting(ProviderError::code).isEqualTo(Code.AUTH);

        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(503)
                .withBody("upstream connect error")));
        assertThatThrownBy(() -> openai().generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("503").contains("upstream connect error");
                });
    }

    @Test
    void slowUpstreamTimesOutAsUnavailable() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("{}").withFixedDelay(3000)));
        ImageGeneration engine = openai(Map.of("ATELIER_PROVIDER_OPENAI_TIMEOUT_MS", "200"));

        assertThatThrownBy(() -> engine.generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("within 200 ms");
                });
    }

    @Test
    void providerWithoutKeyNamesTheSettingAndRefusesToRun() {
        ImageGeneration engine = RemoteProviders.create(ProviderSettings.from("openai", Map.of()));

        assertThat(engine.availability()).isInstanceOf(Availability.Missing.class);
        assertThat(engine.availability().describe()).contains("ATELIER_PROVIDER_OPENAI_API_KEY");
        assertThatThrownBy(() -> engine.generate(GenerationRequest.builder("x").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("ATELIER_PROVIDER_OPENAI_API_KEY");
                });
    }

    @Test
    void modelTheProviderDoesNotOfferIsAnInvalidRequestNamingModel() {
        assertThatThrownBy(() -> openai().edit(EncodedImage.of(PNG), EncodedImage.of(PNG),
                GenerationRequest.builder("x").model("dall-e-3").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("model");
                });
        assertThat(requestsCount()).isZero();
    }

    @Test
    void openAiCompatibleServerWithoutKeyPassesModelThroughAndSendsSeed() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(okJson("""
                {"created": 1, "data": [{"b64_json": "%s"}],
                 "usage": {"cost": 0.02, "latency_ms": 1200, "image_size": "512x512", "model_used": "sd-1.5"}}"""
                .formatted(B64))));
        ProviderSettings s = ProviderSettings.from("localai", Map.of(
                "ATELIER_PROVIDER_LOCALAI_TYPE", "openai-compatible",
                "ATELIER_PROVIDER_LOCALAI_BASE_URL", wm.baseUrl() + "/v1"));
        ImageGeneration engine = RemoteProviders.create(s, clock, clock);

        GenerationResult result = engine.generate(GenerationRequest.builder("a cat").model("sd-1.5")
                .negativePrompt("blurry").seed(42L).size(512, 512).build(), Progress.none());

        LoggedRequest sent = only(wm, "/v1/images/generations");
        assertThat(sent.containsHeader("Authorization")).isFalse();
        assertThat(json(sent)).isEqualTo(json("""
                {"model": "sd-1.5", "prompt": "a cat", "n": 1, "size": "512x512", "response_format": "b64_json",
                 "negative_prompt": "blurry", "seed": 42}"""));
        assertThat(engine.availability().isAvailable()).isTrue();
        assertThat(result.provider()).isEqualTo("localai");
        assertThat(result.model()).isEqualTo("sd-1.5");
        assertThat(result.cost()).as("upstream-reported cost when no price table").isEqualByComparingTo("0.02");
        assertThat(result.seed()).isEqualTo(42L);
    }

    @Test
    void apipieErrorShapeIsUnderstood() {
        wm.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(aResponse().withStatus(429).withBody("""
                {"error": {"code": "rate_limit_exceeded", "message": "Too many requests"}}""")));
        ProviderSettings s = ProviderSettings.from("apipie", Map.of(
                "ATELIER_PROVIDER_APIPIE_API_KEY", "pie-key",
                "ATELIER_PROVIDER_APIPIE_BASE_URL", wm.baseUrl() + "/v1"));
        ImageGeneration engine = RemoteProviders.create(s, clock, clock);

        assertThatThrownBy(() -> engine.generate(GenerationRequest.builder("x").model("dall-e-3")
                .extra("provider", "openai").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.RATE_LIMITED);
                    assertThat(e.upstreamCode()).isEqualTo("rate_limit_exceeded");
                });
        assertThat(json(only(wm, "/v1/images/generations")).get("provider").asString()).isEqualTo("openai");
        assertThat(only(wm, "/v1/").getHeader("Authorization")).isEqualTo("Bearer pie-key");
    }

    private int requestsCount() {
        return WireMockSupport.requests(wm).size();
    }
}
