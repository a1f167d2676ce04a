package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synchronous caller (the OpenAI door) waits for a task this node runs on the completion signal, not by reading
 * the store in a loop; a task no worker here runs is still found through the store.
 */
class AwaitOutcomeTest {
    @TempDir
    Path dir;
    TaskSystemHarness h;

    @BeforeEach
    void setUp() {
        h = new TaskSystemHarness(dir);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aTaskRunningOnThisNodeIsAwaitedWithoutReadingTheStoreWhileItRuns() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        h.behaviour = (in, p) -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // the test holds the task running for as long as it likes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TaskSystemHarness.paint(4, 4);
        };
        TaskSystem system = h.system(1);
        system.workers().start();
        try {
            Task task = system.service().submit(h.principal, h.request(null, Map.of()), true);
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            Thread releaser = Thread.ofVirtual().start(() -> {
                // while the caller waits, the store is not read: prove it by waiting for quiet, then finishing
                int before = h.store.finds.get();
                org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                        .until(() -> true);
                assertThat(h.store.finds.get()).as("store reads while the task ran").isEqualTo(before);
                release.countDown();
            });
            int findsBefore = h.store.finds.get();
            TaskView view = system.service().awaitOutcome(h.principal, task.id(), Duration.ofSeconds(30));
            releaser.join(Duration.ofSeconds(30));

            assertThat(view.task().state()).isEqualTo(TaskState.SUCCESS);
            // one read to see it running, one by the worker telling the hooks, one to see the outcome; a poll every
            // 10-250 ms over the 600 ms the task was held would have made several more
            assertThat(h.store.finds.get() - findsBefore).isLessThanOrEqualTo(3);
        } finally {
            release.countDown();
            system.workers().drain(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTaskNoWorkerHereRunsIsFoundThroughTheStore() throws InterruptedException {
        TaskSystem system = h.system(1); // workers not started: as if another node ran it
        Task task = system.service().submit(h.principal, h.request(null, Map.of()), true);
        Thread otherNode = Thread.ofVirtual().start(() -> {
            Task claimed = h.store.claimNext("other-node/w0", h.clock.instant(), h.clock.instant().plusSeconds(60))
                    .orElseThrow();
            h.runner(Duration.ofMinutes(1), TaskHooks.NONE).run(claimed, "other-node/w0");
        });
        TaskView view = system.service().awaitOutcome(h.principal, task.id(), Duration.ofSeconds(30));
        otherNode.join(Duration.ofSeconds(30));
        assertThat(view.task().state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void theWaitEndsWithTheLastViewWhenTimeRunsOut() throws InterruptedException {
        TaskSystem system = h.system(1); // nobody runs it
        Task task = system.service().submit(h.principal, h.request(null, Map.of()), true);
        TaskView view = system.service().awaitOutcome(h.principal, task.id(), Duration.ofMillis(200));
        assertThat(view.task().state()).isEqualTo(TaskState.QUEUED);
    }
}
