package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's run of one claimed task, over a fake store: success, engine failure, time-out and expiry. */
class TaskRunnerTest {
    @TempDir
    Path dir;
    TaskSystemHarness h;
    final List<String> finished = new CopyOnWriteArrayList<>();
    final TaskHooks hooks = new TaskHooks() {
        @Override
        public void finished(Task task) {
            finished.add(task.id() + ":" + task.state());
        }
    };

    @BeforeEach
    void setUp() {
        h = new TaskSystemHarness(dir);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Task claimed() {
        Task queued = h.service(10, () -> { }).submit(h.principal, h.request(null, Map.of()), false);
        return h.store.claimNext("w0", h.clock.instant(), h.clock.instant().plusSeconds(60)).orElseThrow()
                .id().equals(queued.id()) ? h.store.tasks.get(queued.id()) : null;
    }

    @Test
    void aSuccessfulRunStoresItsOutputAsAFileAndEndsInSuccess() {
        Task task = claimed();
        h.runner(Duration.ofMinutes(1), hooks).run(task, "w0");

        Task done = h.store.tasks.get(task.id());
        assertThat(done.state()).isEqualTo(TaskState.SUCCESS);
        TaskResult result = done.result();
        assertThat(result.outputs()).singleElement().satisfies(o -> {
            assertThat(o.width()).isEqualTo(8);
            assertThat(h.files.find(o.fileId())).isPresent();
        });
        assertThat(result.metadata()).containsEntry("engine", "test-card").containsKey("run_ms");
        assertThat(finished).containsExactly(task.id() + ":SUCCESS");
    }

    @Test
    void anEngineFailureEndsTheTaskWithTheEngineCodeAndItsWords() {
        h.behaviour = (in, p) -> {
            throw EngineCode.ERROR_NO_FACE.exception("no face in the picture");
        };
        Task task = claimed();
        h.runner(Duration.ofMinutes(1), hooks).run(task, "w0");

        Task done = h.store.tasks.get(task.id());
        assertThat(done.state()).isEqualTo(TaskState.ERROR);
        assertThat(done.errorCode()).isEqualTo("error_no_face");
        assertThat(done.errorMessage()).isEqualTo("no face in the picture");
        assertThat(finished).containsExactly(task.id() + ":ERROR");
    }

    @Test
    void aThrottledFailureKeepsItsWaitWithTheTask() {
        h.behaviour = (in, p) -> {
            throw EngineException.throttled(EngineCode.ERROR_INFERENCE, "slow down", Duration.ofSeconds(7));
        };
        Task task = claimed();
        h.runner(Duration.ofMinutes(1), hooks).run(task, "w0");

        Task done = h.store.tasks.get(task.id());
        assertThat(done.errorCode()).isEqualTo("error_inference");
        assertThat(dev.atelier.server.errors.TaskFailure.of(done.errorCode(), done.errorMessage()).retryAfter())
                .contains(Duration.ofSeconds(7));
    }

    @Test
    void aTaskOverItsTimeBudgetEndsAsTaskTimeoutBeforeTheEffectRuns() {
        boolean[] ran = {false};
        h.behaviour = (in, p) -> {
            ran[0] = true;
            return TaskSystemHarness.paint(8, 8);
        };
        Task task = claimed();
        // a budget of one nanosecond is spent before the first step: the checkpoint between steps stops the run
        h.runner(Duration.ofNanos(1), hooks).run(task, "w0");

        Task done = h.store.tasks.get(task.id());
        assertThat(done.state()).isEqualTo(TaskState.ERROR);
        assertThat(done.errorCode()).isEqualTo("TaskTimeout");
        assertThat(ran[0]).as("the effect never started").isFalse();
        assertThat(finished).containsExactly(task.id() + ":ERROR");
    }

    @Test
    void aTaskThatExpiresWhileRunningStopsAtItsNextProgressAndKeepsItsExpiredState() {
        Task task = claimed();
        h.behaviour = (in, p) -> {
            h.store.force(task.id(), TaskState.EXPIRED); // the sweeper expired it: nobody polled
            // progress is written at most every 250 ms; the first write finds the task no longer running and stops
            // the work by throwing through the effect
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < giveUp) {
                p.report(0.5, "halfway");
                Thread.onSpinWait();
            }
            throw new AssertionError("the run should have stopped at a progress report");
        };
        h.runner(Duration.ofMinutes(1), hooks).run(task, "w0");

        Task after = h.store.tasks.get(task.id());
        assertThat(after.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(after.errorCode()).isNull();
        assertThat(finished).as("no outcome to settle: the expiry already released it").isEmpty();
    }

    @Test
    void aTaskThatExpiresAfterItsLastProgressDiscardsItsOutputs() {
        Task task = claimed();
        h.behaviour = (in, p) -> {
            h.store.force(task.id(), TaskState.EXPIRED);
            return TaskSystemHarness.paint(8, 8); // finishes without reporting: the final CAS transition fails
        };
        h.runner(Duration.ofMinutes(1), hooks).run(task, "w0");

        Task after = h.store.tasks.get(task.id());
        assertThat(after.state()).isEqualTo(TaskState.EXPIRED);
        assertThat(after.result()).isNull();
        assertThat(finished).isEmpty();
    }
}
