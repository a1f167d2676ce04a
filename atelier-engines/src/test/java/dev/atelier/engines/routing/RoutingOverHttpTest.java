package dev.atelier.engines.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.Attempt;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.TestImages;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two OpenAI-compatible upstreams behind one fake server, routed from settings as in production. */
class RoutingOverHttpTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String OK = """
            {"created": 1, "data": [{"b64_json": "%s"}]}""".formatted(
            Base64.getEncoder().encodeToString(TestImages.png(2, 2, 0xABCDEF)));

    private GenerationRouter router() {
        Map<String, String> env = new HashMap<>();
        for (String p : new String[] {"A", "B"}) {
            env.put("ATELIER_PROVIDER_" + p + "_TYPE", "openai-compatible");
            env.put("ATELIER_PROVIDER_" + p + "_BASE_URL", wm.baseUrl() + "/" + p.toLowerCase() + "/v1");
            env.put("ATELIER_PROVIDER_" + p + "_API_KEY", "key-" + p.toLowerCase());
            env.put("ATELIER_PROVIDER_" + p + "_MODELS", "sdxl");
            env.put("ATELIER_PROVIDER_" + p + "_TIMEOUT_MS", "300");
        }
        env.put("ATELIER_ROUTING_MODELS", "sdxl=a|b");
        return GenerationRouter.fromSettings(env);
    }

    private static GenerationRequest sdxl() {
        return GenerationRequest.builder("a castle").model("sdxl").build();
    }

    @Test
    void fallsBackWhenTheFirstProviderAnswers503() {
        wm.stubFor(post(urlEqualTo("/a/v1/images/generations")).willReturn(aResponse().withStatus(503)
                .withBody("{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}")));
        wm.stubFor(post(urlEqualTo("/b/v1/images/generations")).willReturn(okJson(OK)));

        GenerationResult result = router().generate(sdxl(), Progress.none());

        assertThat(result.provider()).isEqualTo("b");
        assertThat(result.attempts()).extracting(Attempt::provider, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", Attempt.Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("b", Attempt.Outcome.SUCCEEDED));
        assertThat(result.failedAttempts().getFirst().error()).isEqualTo(Code.UNAVAILABLE);
        assertThat(result.failedAttempts().getFirst().message()).contains("503").contains("overloaded");
        wm.verify(1, postRequestedFor(urlEqualTo("/b/v1/images/generations")));
    }

    @Test
    void fallsBackWhenTheFirstProviderTimesOut() {
        wm.stubFor(post(urlEqualTo("/a/v1/images/generations")).willReturn(okJson(OK).withFixedDelay(3000)));
        wm.stubFor(post(urlEqualTo("/b/v1/images/generations")).willReturn(okJson(OK)));

        GenerationResult result = router().generate(sdxl(), Progress.none());

        assertThat(result.provider()).isEqualTo("b");
        assertThat(result.failedAttempts()).singleElement().satisfies(a -> {
            assertThat(a.provider()).isEqualTo("a");
            assertThat(a.error()).isEqualTo(Code.UNAVAILABLE);
            assertThat(a.message()).contains("within 300 ms");
        });
    }

    @Test
    void fallsBackWhenTheFirstProviderRefusesConnections() {
        Map<String, String> env = new HashMap<>(Map.of(
                "ATELIER_PROVIDER_A_TYPE", "openai-compatible",
                "ATELIER_PROVIDER_A_BASE_URL", "http://127.0.0.1:1/v1",
                "ATELIER_PROVIDER_A_MODELS", "sdxl",
                "ATELIER_PROVIDER_B_TYPE", "openai-compatible",
                "ATELIER_PROVIDER_B_BASE_URL", wm.baseUrl() + "/b/v1",
                "ATELIER_PROVIDER_B_MODELS", "sdxl",
                "ATELIER_ROUTING_MODELS", "sdxl=a|b"));
        wm.stubFor(post(urlEqualTo("/b/v1/images/generations")).willReturn(okJson(OK)));

        GenerationResult result = GenerationRouter.fromSettings(env).generate(sdxl(), Progress.none());

        assertThat(result.provider()).isEqualTo("b");
        assertThat(result.failedAttempts()).singleElement().extracting(Attempt::error).isEqualTo(Code.UNAVAILABLE);
    }

    @Test
    void doesNotFallBackOnA400() {
        wm.stubFor(post(urlEqualTo("/a/v1/images/generations")).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"code": "invalid_parameter", "message": "Invalid size. Supported sizes: 1024x1024",
                           "param": "size", "type": "invalid_request_error"}}""")));
        wm.stubFor(post(urlEqualTo("/b/v1/images/generations")).willReturn(okJson(OK)));

        assertThatThrownBy(() -> router().generate(sdxl(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("size");
                    assertThat(e.upstreamCode()).isEqualTo("invalid_parameter");
                    assertThat(e.attempts()).extracting(Attempt::provider).containsExactly("a");
                });
        wm.verify(0, postRequestedFor(urlEqualTo("/b/v1/images/generations")));
    }
}
