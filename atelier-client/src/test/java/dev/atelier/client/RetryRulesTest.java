package dev.atelier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Backoff bounds, Retry-After parsing and the poll delay that keeps a task inside its polling window. */
class RetryRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void backoffGrowsExponentiallyWithJitterAndNeverExceedsTheCap() {
        RetryPolicy p = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));
        for (int round = 0; round < 200; round++) {
            assertThat(p.backoff(1)).isBetween(Duration.ofMillis(75), Duration.ofMillis(125));
            assertThat(p.backoff(3)).isBetween(Duration.ofMillis(300), Duration.ofMillis(500));
            assertThat(p.backoff(7)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Transport t = new Transport(HttpClient.newHttpClient(), URI.create("http://x"), RetryPolicy.defaults(),
                Duration.ofSeconds(1), InstantSource.fixed(NOW));

        assertThat(t.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(t.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(t.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT")).contains(Duration.ZERO);
        assertThat(t.retryAfter("soon")).isEmpty();
        assertThat(t.retryAfter(null)).isEmpty();
    }

    @Test
    void pollsFollowTheServersIntervalButNeverWaitLongerThanTheCap() {
        try (AtelierClient c = AtelierClient.builder().baseUrl("http://127.0.0.1:9").apiKey("k")
                .maxPollInterval(Duration.ofSeconds(3)).build()) {
            assertThat(c.pollDelay(Duration.ofMillis(1000))).isEqualTo(Duration.ofMillis(1000));
            assertThat(c.pollDelay(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(3));
            assertThat(c.pollDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void wireCodesMapToValuesAndUnknownOnesKeepTheirText() {
        assertThat(ErrorCode.fromWire("InvalidTaskId", 400)).isEqualTo(ErrorCode.INVALID_TASK_ID);
        assertThat(ErrorCode.fromWire(null, 429)).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        assertThat(ErrorCode.fromWire("Brand new", 400)).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(TaskError.fromWire("error_no_face")).isEqualTo(TaskError.ERROR_NO_FACE);
        assertThat(TaskError.fromWire("TaskTimeout")).isEqualTo(TaskError.TASK_TIMEOUT);
        TaskFailedException e = new TaskFailedException("t", "error_src_eye_closed", "closed eyes");
        assertThat(e.code()).isEqualTo(TaskError.UNKNOWN);
        assertThat(e.wireCode()).isEqualTo("error_src_eye_closed");
    }
}
