package dev.atelier.server.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskFailureTest {
    @Test
    void aThrottledFailureKeepsItsWaitThroughTheStoredMessage() {
        EngineException e = EngineException.throttled(EngineCode.ERROR_INFERENCE, "openai: slow down",
                Duration.ofMillis(2500));
        TaskFailure written = TaskFailure.of(e);
        assertThat(written.storedMessage()).isEqualTo("upstream_rate_limited: retry after 3 s; openai: slow down");

        TaskFailure read = TaskFailure.of(written.code().wire(), written.storedMessage());
        assertThat(read.code()).isEqualTo(new TaskFailure.Engine(EngineCode.ERROR_INFERENCE));
        assertThat(read.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(read.storedMessage()).as("reading and writing again changes nothing")
                .isEqualTo(written.storedMessage());
    }

    @Test
    void anOrdinaryFailureHasNoWaitAndItsOwnWords() {
        TaskFailure read = TaskFailure.of("error_no_face", "no face in the source");
        assertThat(read.code()).isEqualTo(new TaskFailure.Engine(EngineCode.ERROR_NO_FACE));
        assertThat(read.retryAfter()).isEmpty();
        assertThat(read.storedMessage()).isEqualTo("no face in the source");
    }

    @Test
    void theTaskTimeoutReadsBackAsTimedOut() {
        TaskFailure written = TaskFailure.timedOut("the task took longer than 600 s");
        assertThat(written.code().wire()).isEqualTo("TaskTimeout");
        assertThat(TaskFailure.of(written.code().wire(), written.message()).timedOut()).isTrue();
        assertThat(TaskFailure.of("error_inference", "x").timedOut()).isFalse();
    }

    @Test
    void aCodeThisServerNoLongerKnowsReadsAsUnknownInternalError() {
        assertThat(TaskFailure.of("error_gone_away", null).code())
                .isEqualTo(new TaskFailure.Engine(EngineCode.UNKNOWN_INTERNAL_ERROR));
    }
}
