package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.client.ApiFamily;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.ConnectionException;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.RequestException;
import dev.atelier.client.RetryPolicy;
import dev.atelier.client.TaskResult;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/** Retries through a proxy that fails requests on purpose: idempotent runs, Retry-After, limits, unreachable servers. */
class SdkRetryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Predicate<String> RUN = r -> r.startsWith("POST /s2s/") && r.contains("/task/");

    private final SdkFixture fx = new SdkFixture();

    @AfterEach
    void stop() {
        fx.closeCheckingContract();
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void aRunWhoseFirstTwoAttemptsFailWith503StillYieldsExactlyOneTaskAndOneCharge(ApiFamily family) {
        String keyId = fx.keyId();
        fx.server.server().ledger().grant(keyId, 1000, GrantType.PAYG, null, "sdk retry test");
        // 1st attempt: the server creates the task but its answer is lost behind a 503.
        // 2nd attempt: a 503 before the server sees it. 3rd: goes through and must get the task of the 1st.
        fx.proxy.inject(RUN, new FaultProxy.Fault.LoseAnswer(503, "ServiceUnavailable"));
        fx.proxy.inject(RUN, new FaultProxy.Fault.Refuse(503, "ServiceUnavailable", Map.of()));

        TaskResult r;
        int width;
        try (AtelierClient client = fx.client(family)) {
            r = client.effects().enhance(TestImages.jpeg(64, 48)).scale(2).run();
            width = SdkFixture.decode(r.download()).width();
        }

        List<FaultProxy.Exchange> runs = fx.proxy.exchanges(RUN);
        assertThat(runs).extracting(FaultProxy.Exchange::status).containsExactly(503, 503, 200);
        assertThat(runs).extracting(FaultProxy.Exchange::forwarded).containsExactly(true, false, true);
        assertThat(runs.stream().map(e -> JSON.readTree(e.requestBody()).path("request_id").asLong()).distinct())
                .as("every attempt carries the same request_id").hasSize(1);
        String lostTaskId = JSON.readTree(runs.getFirst().serverBody()).path(family == ApiFamily.LEGACY ? "result"
                : "data").path("task_id").asString();
        assertThat(r.taskId()).isEqualTo(lostTaskId);
        assertThat(fx.taskCount()).isEqualTo(1);
        assertThat(width).isEqualTo(128);
        // enhance costs 2 units (200 hundredths): charged once
        assertThat(fx.server.server().ledger().balance(keyId).available()).isEqualTo(800);
        assertThat(fx.server.server().ledger().balance(keyId).reserved()).isZero();
    }

    @Test
    void a429IsRetriedAfterWhatRetryAfterSays() {
        Predicate<String> slot = r -> r.startsWith("POST /s2s/v2.0/file");
        fx.proxy.inject(slot, new FaultProxy.Fault.Refuse(429, "TooManyRequests", Map.of("Retry-After", "1")));

        try (AtelierClient client = fx.v2().build()) {
            assertThat(client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run().dstId()).isNotBlank();
        }
        assertThat(fx.proxy.exchanges(slot)).extracting(FaultProxy.Exchange::status).containsExactly(429, 200);
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsIsReportedInsteadOfWaitedFor() {
        Predicate<String> slot = r -> r.startsWith("POST /s2s/v2.0/file");
        fx.proxy.inject(slot, new FaultProxy.Fault.Refuse(429, null, Map.of("Retry-After", "3600")));

        try (AtelierClient client = fx.v2().build()) {
            assertThatThrownBy(() -> client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run())
                    .isInstanceOfSatisfying(RequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                        assertThat(e.getMessage()).contains("Retry-After 3600");
                    });
        }
        assertThat(fx.proxy.exchanges(slot)).hasSize(1);
    }

    @Test
    void statusPollsThatFailForAMomentAreRetriedAndTheTaskCompletes() {
        Predicate<String> poll = r -> r.startsWith("GET /s2s/v2.0/task/enhance/");
        fx.proxy.inject(poll, new FaultProxy.Fault.Refuse(502, null, Map.of()));
        fx.proxy.inject(poll, new FaultProxy.Fault.LoseAnswer(500, "InternalError"));

        try (AtelierClient client = fx.v2().build()) {
            assertThat(client.effects().enhance(TestImages.jpeg(64, 48)).scale(2).run().dstId()).isNotBlank();
        }
        assertThat(fx.proxy.exchanges(poll)).extracting(FaultProxy.Exchange::status).startsWith(502, 500, 200);
        assertThat(fx.taskCount()).isEqualTo(1);
    }

    @Test
    void anUploadWhoseAnswerWasLostIsNotAnError() {
        Predicate<String> put = r -> r.startsWith("PUT /uploads/");
        fx.proxy.inject(put, new FaultProxy.Fault.LoseAnswer(504, null));

        try (AtelierClient client = fx.v2().build()) {
            assertThat(client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run().dstId()).isNotBlank();
        }
        assertThat(fx.proxy.exchanges(put)).extracting(FaultProxy.Exchange::status).containsExactly(504, 400);
    }

    @Test
    void retriesStopAtThePolicyLimitAndReportTheLastAnswer() {
        for (int i = 0; i < 3; i++) {
            fx.proxy.inject(RUN, new FaultProxy.Fault.Refuse(503, "ServiceUnavailable", Map.of()));
        }
        RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, Duration.ZERO);

        try (AtelierClient client = fx.v2().retryPolicy(three).build()) {
            assertThatThrownBy(() -> client.effects().enhance(TestImages.jpeg(64, 48)).scale(2).run())
                    .isInstanceOfSatisfying(RequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                        assertThat(e.httpStatus()).isEqualTo(503);
                        assertThat(e.attempts()).isEqualTo(3);
                    });
        }
        assertThat(fx.proxy.exchanges(RUN)).hasSize(3);
        assertThat(fx.taskCount()).isZero();
    }

    @Test
    void anUnreachableServerIsAConnectionExceptionAfterTheRetries() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        RetryPolicy two = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, Duration.ZERO);
        try (AtelierClient client = AtelierClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey("k")
                .retryPolicy(two).build()) {
            assertThatThrownBy(() -> client.effects().enhance(TestImages.jpeg(64, 48)).scale(2).run())
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                    });
        }
    }
}
