package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workers claim queued tasks from the store, run each once, and drain on shutdown. */
class WorkerPoolTest {
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
    void everyQueuedTaskIsClaimedOnceAndRunToSuccess() {
        TaskSystem system = h.system(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(system.service().submit(h.principal, h.request(null, Map.of("n", i)), false).id());
        }
        system.workers().start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> h.store.tasks.get(id).state() == TaskState.SUCCESS));
            assertThat(ids).allSatisfy(id -> assertThat(h.store.tasks.get(id).attempts()).isEqualTo(1));
        } finally {
            system.workers().drain(Duration.ofSeconds(5));
        }
    }

    @Test
    void drainingWaitsForTheRunningTaskAndClaimsNoMore() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        h.behaviour = (in, p) -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TaskSystemHarness.paint(4, 4);
        };
        TaskSystem system = h.system(1);
        String first = system.service().submit(h.principal, h.request(null, Map.of("n", 1)), false).id();
        system.workers().start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        String second = system.service().submit(h.principal, h.request(null, Map.of("n", 2)), false).id();
        assertThat(system.workers().busy()).isEqualTo(1);

        Thread drainer = Thread.ofPlatform().start(() -> system.workers().drain(Duration.ofSeconds(30)));
        release.countDown();
        drainer.join(Duration.ofSeconds(30));

        assertThat(h.store.tasks.get(first).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(h.store.tasks.get(second).state()).as("a draining pool claims nothing new")
                .isEqualTo(TaskState.QUEUED);
    }
}
