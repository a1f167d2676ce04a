package dev.atelier.engines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.Attempt;
import dev.atelier.engines.generation.FakeClock;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationRouterTest {
    private final FakeClock clock = new FakeClock();
    private static final Duration MS_100 = Duration.ofMillis(100);

    private GenerationRouter router(Map<String, String> settings, ScriptedEngine... engines) {
        return GenerationRouter.builder().engines(java.util.List.of(engines))
                .settings(RoutingSettings.from(settings)).clock(clock).sleeper(clock).build();
    }

    private static GenerationRequest prompt() {
        return GenerationRequest.builder("a cat").build();
    }

    @Test
    void circuitOpensAfterConsecutiveFailuresAndClosesAfterASuccessfulTrial() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(MS_100, Code.UNAVAILABLE);
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(MS_100);
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_ORDER", "a,b",
                "ATELIER_ROUTING_FAILURE_THRESHOLD", "3", "ATELIER_ROUTING_COOLDOWN_MS", "30000",
                "ATELIER_ROUTING_MODELS", "m=a|b"), a, b);

        for (int i = 0; i < 3; i++) {
            assertThat(router.generate(prompt(), Progress.none()).provider()).isEqualTo("b");
        }
        assertThat(a.calls).isEqualTo(3);
        assertThat(stats(router, "a").circuit()).isEqualTo(CircuitState.OPEN);

        GenerationResult whileOpen = router.generate(GenerationRequest.builder("x").model("m").build(),
                Progress.none());
        assertThat(a.calls).as("open circuit: a is skipped").isEqualTo(3);
        assertThat(whileOpen.attempts()).extracting(Attempt::provider).containsExactly("b");

        clock.advance(Duration.ofSeconds(30));
        a.succeeds(MS_100);
        GenerationResult trial = router.generate(GenerationRequest.builder("x").model("m").build(),
                Progress.none());
        assertThat(trial.provider()).as("half-open trial goes to a").isEqualTo("a");
        assertThat(stats(router, "a").circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(stats(router, "a").consecutiveFailures()).isZero();
    }

    @Test
    void failedHalfOpenTrialReopensTheCircuitForAnotherCooldown() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(MS_100, Code.UNAVAILABLE);
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(MS_100);
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_FAILURE_THRESHOLD", "2",
                "ATELIER_ROUTING_COOLDOWN_MS", "10000", "ATELIER_ROUTING_MODELS", "m=a|b"), a, b);
        GenerationRequest r = GenerationRequest.builder("x").model("m").build();
        router.generate(r, Progress.none());
        router.generate(r, Progress.none());
        assertThat(stats(router, "a").circuit()).isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(10));
        router.generate(r, Progress.none());
        assertThat(a.calls).isEqualTo(3);
        assertThat(stats(router, "a").circuit()).isEqualTo(CircuitState.OPEN);
        router.generate(r, Progress.none());
        assertThat(a.calls).as("reopened: skipped again until the next cool-down").isEqualTo(3);
    }

    @Test
    void bestPerformingProviderFollowsMeasuredLatency() {
        ScriptedEngine a = new ScriptedEngine("a", clock).succeeds(Duration.ofMillis(900));
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(Duration.ofMillis(200));
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_ORDER", "a,b",
                "ATELIER_ROUTING_EWMA_ALPHA", "0.5"), a, b);

        assertThat(router.generate(prompt(), Progress.none()).provider()).as("unmeasured, configured first")
                .isEqualTo("a");
        assertThat(router.generate(prompt(), Progress.none()).provider()).as("b not measured yet").isEqualTo("b");
        for (int i = 0; i < 3; i++) {
            assertThat(router.generate(prompt(), Progress.none()).provider()).isEqualTo("b");
        }

        b.succeeds(Duration.ofMillis(3000)).succeeds(Duration.ofMillis(3000));
        router.generate(prompt(), Progress.none());
        router.generate(prompt(), Progress.none());
        assertThat(stats(router, "b").latencyMillis()).isGreaterThan(stats(router, "a").latencyMillis());
        assertThat(router.generate(prompt(), Progress.none()).provider()).as("b got slow: a wins").isEqualTo("a");
    }

    @Test
    void successRateCountsInTheChoice() {
        ScriptedEngine a = new ScriptedEngine("a", clock).succeeds(Duration.ofMillis(200));
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(Duration.ofMillis(300));
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_ORDER", "a,b",
                "ATELIER_ROUTING_FAILURE_THRESHOLD", "100"), a, b);
        router.generate(prompt(), Progress.none());
        router.generate(prompt(), Progress.none());
        assertThat(router.generate(prompt(), Progress.none()).provider()).isEqualTo("a");

        a.fails(Duration.ofMillis(10), Code.UNAVAILABLE).fails(Duration.ofMillis(10), Code.UNAVAILABLE)
                .fails(Duration.ofMillis(10), Code.UNAVAILABLE);
        for (int i = 0; i < 3; i++) {
            assertThat(router.generate(prompt(), Progress.none()).provider()).isEqualTo("b");
        }
        a.succeeds(Duration.ofMillis(200));
        assertThat(router.generate(prompt(), Progress.none()).provider())
                .as("a is faster but fails half the time: b expected sooner").isEqualTo("b");
    }

    @Test
    void noFallbackOnValidationOrContentPolicyErrors() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(MS_100, Code.INVALID_REQUEST);
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(MS_100);
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_ORDER", "a,b"), a, b);

        assertThatThrownBy(() -> router.generate(prompt(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.attempts()).extracting(Attempt::provider).containsExactly("a");
                });
        assertThat(b.calls).isZero();
        assertThat(stats(router, "a").consecutiveFailures()).as("a refusal is not a provider failure").isZero();

        a.fails(MS_100, Code.CONTENT_POLICY);
        assertThatThrownBy(() -> router.generate(prompt(), Progress.none()))
                .asInstanceOf(type(ProviderError.class)).extracting(ProviderError::code)
                .isEqualTo(Code.CONTENT_POLICY);
        assertThat(b.calls).isZero();
    }

    @Test
    void throttledProviderIsRetriedAfterRetryAfterWhenNothingElseCanServe() {
        ScriptedEngine a = new ScriptedEngine("a", clock)
                .fails(MS_100, ProviderError.builder(Code.RATE_LIMITED, "slow down").provider("a")
                        .retryAfter(Duration.ofSeconds(2)).build())
                .succeeds(MS_100);
        GenerationRouter router = router(Map.of(), a);

        GenerationResult result = router.generate(prompt(), Progress.none());

        assertThat(result.provider()).isEqualTo("a");
        assertThat(clock.sleeps()).as("Retry-After counts from the 429 answer").containsExactly(Duration.ofSeconds(2));
        assertThat(result.attempts()).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED);
        assertThat(result.failedAttempts().getFirst().error()).isEqualTo(Code.RATE_LIMITED);
    }

    @Test
    void retryAfterBeyondTheBoundIsNotWaitedFor() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(MS_100, ProviderError.builder(Code.RATE_LIMITED,
                "slow down").provider("a").retryAfter(Duration.ofSeconds(60)).build());
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_MAX_RETRY_AFTER_MS", "10000"), a);

        assertThatThrownBy(() -> router.generate(prompt(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
                    assertThat(e.attempts()).hasSize(1);
                });
        assertThat(clock.sleeps()).isEmpty();
        assertThat(a.calls).isEqualTo(1);
    }

    @Test
    void throttledProviderGoesAfterTheOthersInTheNextRequest() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(MS_100, ProviderError.builder(Code.RATE_LIMITED,
                "slow down").provider("a").retryAfter(Duration.ofSeconds(5)).build()).succeeds(MS_100);
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(MS_100);
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_MODELS", "m=a|b"), a, b);
        GenerationRequest r = GenerationRequest.builder("x").model("m").build();

        assertThat(router.generate(r, Progress.none()).provider()).isEqualTo("b");
        assertThat(router.generate(r, Progress.none()).provider()).as("a still throttled").isEqualTo("b");
        assertThat(a.calls).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void explicitProviderWinsOverMeasuredPerformance() {
        ScriptedEngine a = new ScriptedEngine("a", clock).succeeds(Duration.ofSeconds(5));
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(MS_100);
        GenerationRouter router = router(Map.of(), a, b);
        router.generate(prompt(), Progress.none());
        router.generate(prompt(), Progress.none());

        GenerationResult result = router.generate(GenerationRequest.builder("x").provider("A").build(),
                Progress.none());

        assertThat(result.provider()).isEqualTo("a");
        assertThatThrownBy(() -> router.generate(GenerationRequest.builder("x").provider("nope").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("provider");
                    assertThat(e.getMessage()).contains("[a, b]");
                });
    }

    @Test
    void explicitProviderDoesNotFallBack() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(MS_100, Code.UNAVAILABLE);
        ScriptedEngine b = new ScriptedEngine("b", clock).succeeds(MS_100);
        GenerationRouter router = router(Map.of(), a, b);

        assertThatThrownBy(() -> router.generate(GenerationRequest.builder("x").provider("a").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class)).extracting(ProviderError::code)
                .isEqualTo(Code.UNAVAILABLE);
        assertThat(b.calls).isZero();
    }

    @Test
    void modelMapDecidesTheOrderAndOnlyProvidersOfferingTheModelAreTried() {
        ScriptedEngine a = new ScriptedEngine("a", clock, "flux-schnell").fails(MS_100, Code.UNAVAILABLE);
        ScriptedEngine b = new ScriptedEngine("b", clock, "dall-e-3").succeeds(MS_100);
        ScriptedEngine c = new ScriptedEngine("c", clock, "flux-schnell").succeeds(MS_100);
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_MODELS", "flux-schnell=c|a"), a, b, c);

        GenerationResult result = router.generate(GenerationRequest.builder("x").model("flux-schnell").build(),
                Progress.none());

        assertThat(result.provider()).isEqualTo("c");
        assertThat(a.calls + b.calls).isZero();
        assertThatThrownBy(() -> router.generate(GenerationRequest.builder("x").model("unknown").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("model");
                });
        assertThat(router.models()).extracting(RoutedModel::name).containsExactly("flux-schnell", "dall-e-3");
        assertThat(router.models().getFirst().providers()).containsExactly("a", "c");
    }

    @Test
    void everyFailedAttemptIsRecordedWhenAllProvidersFail() {
        ScriptedEngine a = new ScriptedEngine("a", clock).fails(Duration.ofMillis(300), Code.UNAVAILABLE);
        ScriptedEngine b = new ScriptedEngine("b", clock).fails(Duration.ofMillis(50), Code.AUTH);
        GenerationRouter router = router(Map.of("ATELIER_ROUTING_ORDER", "a,b"), a, b);

        assertThatThrownBy(() -> router.generate(prompt(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.AUTH);
                    assertThat(e.attempts()).extracting(Attempt::provider, Attempt::error, Attempt::latency)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("a", Code.UNAVAILABLE, Duration.ofMillis(300)),
                                    org.assertj.core.groups.Tuple.tuple("b", Code.AUTH, Duration.ofMillis(50)));
                    assertThat(e.getMessage()).contains("a: a says UNAVAILABLE").contains("b: b says AUTH");
                });
    }

    @Test
    void withoutAnyConfiguredProviderTheErrorNamesTheSettingsToAdd() {
        GenerationRouter router = GenerationRouter.fromSettings(Map.of());

        assertThat(router.availability().isAvailable()).isFalse();
        assertThat(router.availability().describe()).contains("ATELIER_PROVIDER_OPENAI_API_KEY")
                .contains("ATELIER_PROVIDER_FAL_API_KEY");
        assertThatThrownBy(() -> router.generate(prompt(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("ATELIER_PROVIDER_OPENAI_API_KEY")
                            .contains("ATELIER_PROVIDER_STABILITY_API_KEY");
                });
        assertThatThrownBy(() -> router.generate(GenerationRequest.builder("x").model("flux-schnell").build(),
                Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("ATELIER_PROVIDER_FAL_API_KEY")
                            .doesNotContain("ATELIER_PROVIDER_OPENAI_API_KEY");
                });
    }

    private static ProviderStats stats(GenerationRouter router, String provider) {
        return router.stats().stream().filter(s -> s.provider().equals(provider)).findFirst().orElseThrow();
    }
}
