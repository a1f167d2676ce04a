package dev.atelier.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.DuplicateKeyNameException;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.files.FileOrigin;
import dev.atelier.server.files.FileState;
import dev.atelier.server.files.StoredFile;
import dev.atelier.server.tasks.IllegalTransitionException;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskStore;
import dev.atelier.server.tasks.TaskTransition;
import dev.atelier.server.tasks.WireFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store back end must have. Each back end's test class only says how to open a fresh database;
 * the scaled mode builds on exactly these guarantees (idempotent inserts, exclusive claims, compare-and-set
 * transitions).
 */
abstract class StoreContractTest {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    Database db;
    JdbiKeyStore keys;
    JdbiFileStore files;
    JdbiTaskStore tasks;
    private int sequence;

    /** A new, empty, migrated database. */
    abstract Database openFreshDatabase();

    @BeforeEach
    void open() {
        db = openFreshDatabase();
        keys = new JdbiKeyStore(db);
        files = new JdbiFileStore(db);
        tasks = new JdbiTaskStore(db);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    ApiKey key(String name) {
        return new ApiKey("key_" + name, name, "hash_" + name, "ak_" + name.charAt(0), "client_" + name,
                "pub_" + name, "sealed_" + name, KeyStatus.ACTIVE, T0, null);
    }

    Task task(String keyId, String feature, Long requestId, Instant createdAt) {
        sequence++;
        return Task.queued("task_" + sequence, keyId, feature, WireFamily.LEGACY, requestId, "hash_" + sequence,
                request(feature, requestId, sequence), false, createdAt);
    }

    static TaskRequest request(String feature, Long requestId, int actionId) {
        return new TaskRequest(feature, WireFamily.LEGACY, requestId,
                new TaskRequest.Inputs(List.of(TaskRequest.InputRef.file("file_" + actionId)), List.of(), List.of()),
                Map.of("scale", 2, "style", "soft"), "png", actionId);
    }

    StoredFile pendingFile(String id, String keyId, Instant expiresAt) {
        return new StoredFile(id, keyId, FileOrigin.UPLOAD, "enhance", id + ".jpg", "image/jpeg", 1234L, null, null,
                FileState.PENDING, null, null, T0, expiresAt);
    }

    // ---- keys

    @Test
    void keysAreFoundByIdNameHashAndClientId() {
        ApiKey k = key("alice");
        keys.insert(k);
        assertThat(keys.byId(k.id())).contains(k);
        assertThat(keys.byName("alice")).contains(k);
        assertThat(keys.byApiKeyHash("hash_alice")).contains(k);
        assertThat(keys.byClientId("client_alice")).contains(k);
        assertThat(keys.byName("bob")).isEmpty();
    }

    @Test
    void keyNamesAreUnique() {
        keys.insert(key("alice"));
        ApiKey other = new ApiKey("key_2", "alice", "h2", "x", "c2", "p", "s", KeyStatus.ACTIVE, T0, null);
        assertThatThrownBy(() -> keys.insert(other)).isInstanceOf(DuplicateKeyNameException.class);
    }

    @Test
    void keyStatusChangesAndExpiryRoundTrips() {
        ApiKey k = new ApiKey("key_e", "e", "he", "x", "ce", "p", "s", KeyStatus.ACTIVE, T0, T0.plusSeconds(60));
        keys.insert(k);
        assertThat(keys.setStatus(k.id(), KeyStatus.INACTIVE)).isTrue();
        ApiKey back = keys.byId(k.id()).orElseThrow();
        assertThat(back.status()).isEqualTo(KeyStatus.INACTIVE);
        assertThat(back.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(keys.setStatus("nope", KeyStatus.INACTIVE)).isFalse();
    }

    @Test
    void keysAreListedInCreationOrder() {
        keys.insert(key("b"));
        keys.insert(key("a"));
        assertThat(keys.list()).extracting(ApiKey::name).containsExactly("a", "b");
    }

    // ---- files

    @Test
    void fileRoundTripsAndBecomesReadyOnce() {
        keys.insert(key("alice"));
        StoredFile f = pendingFile("f1", "key_alice", T0.plus(Duration.ofDays(1)));
        files.insert(f);
        assertThat(files.byId("f1")).contains(f);

        assertThat(files.markReady("f1", 1000, "abc", 640, 480)).isTrue();
        assertThat(files.markReady("f1", 2000, "def", 1, 1)).as("a ready file is not overwritten").isFalse();
        StoredFile ready = files.byId("f1").orElseThrow();
        assertThat(ready.state()).isEqualTo(FileState.READY);
        assertThat(ready.size()).isEqualTo(1000);
        assertThat(ready.sha256()).isEqualTo("abc");
        assertThat(ready.width()).isEqualTo(640);
    }

    @Test
    void expiredFilesAreListedOldestFirstWithinLimit() {
        keys.insert(key("alice"));
        files.insert(pendingFile("late", "key_alice", T0.plusSeconds(30)));
        files.insert(pendingFile("early", "key_alice", T0.plusSeconds(10)));
        files.insert(pendingFile("future", "key_alice", T0.plusSeconds(100)));
        assertThat(files.expiredBefore(T0.plusSeconds(50), 10)).containsExactly("early", "late");
        assertThat(files.expiredBefore(T0.plusSeconds(50), 1)).containsExactly("early");
        assertThat(files.delete("early")).isTrue();
        assertThat(files.delete("early")).isFalse();
        assertThat(files.byId("early")).isEmpty();
    }

    // ---- tasks

    @Test
    void taskRoundTripsEveryField() {
        keys.insert(key("alice"));
        Task t = task("key_alice", "enhance", 7L, T0);
        Task stored = tasks.insertOrGetExisting(t);
        assertThat(stored).isEqualTo(t);
        assertThat(tasks.find(t.id())).contains(t);
        assertThat(tasks.find("missing")).isEmpty();
    }

    @Test
    void sameKeyFeatureAndRequestIdReturnsTheExistingTask() {
        keys.insert(key("alice"));
        Task first = tasks.insertOrGetExisting(task("key_alice", "enhance", 0L, T0));
        Task retry = tasks.insertOrGetExisting(task("key_alice", "enhance", 0L, T0.plusSeconds(1)));
        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.inputHash()).isEqualTo(first.inputHash());
    }

    @Test
    void requestIdIsScopedByKeyAndFeatureAndAbsentIdsNeverCollide() {
        keys.insert(key("alice"));
        keys.insert(key("bob"));
        Set<String> ids = new HashSet<>();
        ids.add(tasks.insertOrGetExisting(task("key_alice", "enhance", 0L, T0)).id());
        ids.add(tasks.insertOrGetExisting(task("key_bob", "enhance", 0L, T0)).id());
        ids.add(tasks.insertOrGetExisting(task("key_alice", "sod", 0L, T0)).id());
        ids.add(tasks.insertOrGetExisting(task("key_alice", "enhance", 1L, T0)).id());
        ids.add(tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0)).id());
        ids.add(tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0)).id());
        assertThat(ids).hasSize(6);
    }

    @Test
    void concurrentRetriesOfOneRequestIdCreateOneTask() throws Exception {
        keys.insert(key("alice"));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Task t = task("key_alice", "enhance", 42L, T0);
            results.add(pool.submit(() -> {
                start.await();
                return tasks.insertOrGetExisting(t).id();
            }));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        for (Future<String> f : results) {
            ids.add(f.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
    }

    @Test
    void claimTakesTheOldestQueuedTaskAndLeasesIt() {
        keys.insert(key("alice"));
        Task newer = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0.plusSeconds(5)));
        Task older = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        Instant now = T0.plusSeconds(10);

        Task claimed = tasks.claimNext("w1", now, now.plusSeconds(60)).orElseThrow();
        assertThat(claimed.id()).isEqualTo(older.id());
        assertThat(claimed.state()).isEqualTo(TaskState.RUNNING);
        assertThat(claimed.leaseOwner()).isEqualTo("w1");
        assertThat(claimed.leaseUntil()).isEqualTo(now.plusSeconds(60));
        assertThat(claimed.startedAt()).isEqualTo(now);
        assertThat(claimed.attempts()).isEqualTo(1);

        assertThat(tasks.claimNext("w2", now, now.plusSeconds(60)).orElseThrow().id()).isEqualTo(newer.id());
        assertThat(tasks.claimNext("w3", now, now.plusSeconds(60))).isEmpty();
    }

    @Test
    void concurrentWorkersNeverClaimTheSameTask() throws Exception {
        keys.insert(key("alice"));
        int count = 40;
        for (int i = 0; i < count; i++) {
            tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0.plusMillis(i)));
        }
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String owner = "w" + w;
            futures.add(pool.submit(() -> {
                Optional<Task> t;
                while ((t = tasks.claimNext(owner, T0, T0.plusSeconds(60))).isPresent()) {
                    claimed.add(t.get().id());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(claimed).hasSize(count).doesNotHaveDuplicates();
    }

    @Test
    void transitionsAreCompareAndSet() {
        keys.insert(key("alice"));
        Task t = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        tasks.claimNext("w1", T0, T0.plusSeconds(60));
        Instant done = T0.plusSeconds(3);

        TaskTransition wrongOwner = new TaskTransition(t.id(), TaskState.RUNNING, TaskState.SUCCESS, done, "w2",
                null, null, new TaskResult(List.of(), Map.of()));
        assertThat(tasks.transition(wrongOwner)).as("another worker's lease").isFalse();

        TaskResult result = new TaskResult(List.of(new TaskResult.Output("file_out", "png", 640, 480,
                Map.of("index", 0))), Map.of("engine", "classical", "run_ms", 12));
        TaskTransition success = new TaskTransition(t.id(), TaskState.RUNNING, TaskState.SUCCESS, done, "w1",
                null, null, result);
        assertThat(tasks.transition(success)).isTrue();
        assertThat(tasks.transition(success)).as("second time: no longer running").isFalse();

        Task back = tasks.find(t.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(back.finishedAt()).isEqualTo(done);
        assertThat(back.result()).isEqualTo(result);
        assertThat(back.request()).isEqualTo(t.request());
        assertThat(back.leaseOwner()).isNull();
        assertThat(back.progress()).isEqualTo(1.0);
    }

    @Test
    void errorTransitionStoresCodeAndMessage() {
        keys.insert(key("alice"));
        Task t = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        tasks.claimNext("w1", T0, T0.plusSeconds(60));
        assertThat(tasks.transition(new TaskTransition(t.id(), TaskState.RUNNING, TaskState.ERROR, T0, "w1",
                "error_decode_image", "not an image", null))).isTrue();
        Task back = tasks.find(t.id()).orElseThrow();
        assertThat(back.errorCode()).isEqualTo("error_decode_image");
        assertThat(back.errorMessage()).isEqualTo("not an image");
    }

    @Test
    void illegalTransitionsAreRefusedBeforeTouchingTheStore() {
        assertThatThrownBy(() -> TaskTransition.of("t", TaskState.SUCCESS, TaskState.RUNNING, T0))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> TaskTransition.of("t", TaskState.DELETED, TaskState.EXPIRED, T0))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void progressIsRecordedOnlyWhileRunning() {
        keys.insert(key("alice"));
        Task t = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        assertThat(tasks.progress(t.id(), 0.5, "ignored", T0)).isFalse();
        assertThat(tasks.find(t.id()).orElseThrow().progress()).isZero();
        tasks.claimNext("w1", T0, T0.plusSeconds(60));
        assertThat(tasks.progress(t.id(), 0.5, "upscaling", T0)).isTrue();
        Task back = tasks.find(t.id()).orElseThrow();
        assertThat(back.progress()).isEqualTo(0.5);
        assertThat(back.stage()).isEqualTo("upscaling");
    }

    @Test
    void expiredLeasesGoBackToTheQueueAndRenewedOnesStay() {
        keys.insert(key("alice"));
        Task a = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        Task b = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0.plusMillis(1)));
        tasks.claimNext("w1", T0, T0.plusSeconds(10));
        tasks.claimNext("w2", T0, T0.plusSeconds(10));
        assertThat(tasks.renewLease(b.id(), "w2", T0.plusSeconds(100), T0.plusSeconds(5))).isTrue();
        assertThat(tasks.renewLease(b.id(), "w1", T0.plusSeconds(100), T0.plusSeconds(5))).isFalse();

        TaskStore.Recovered recovered = tasks.recoverExpiredLeases(T0.plusSeconds(20), 3, "x", "y");
        assertThat(recovered.requeued()).isEqualTo(1);
        assertThat(recovered.failed()).isEmpty();
        Task requeued = tasks.find(a.id()).orElseThrow();
        assertThat(requeued.state()).isEqualTo(TaskState.QUEUED);
        assertThat(requeued.leaseOwner()).isNull();
        assertThat(requeued.leaseUntil()).isNull();
        assertThat(tasks.find(b.id()).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
        Task again = tasks.claimNext("w3", T0.plusSeconds(21), T0.plusSeconds(80)).orElseThrow();
        assertThat(again.id()).isEqualTo(a.id());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(tasks.renewLease(a.id(), "w1", T0.plusSeconds(200), T0.plusSeconds(22)))
                .as("the dead worker's lease is gone").isFalse();
    }

    @Test
    void aTaskWhoseWorkerDiesAtEveryAttemptEndsAsAnErrorAfterTheLast() {
        keys.insert(key("alice"));
        Task t = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        Instant now = T0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Task claimed = tasks.claimNext("w" + attempt, now, now.plusSeconds(30)).orElseThrow();
            assertThat(claimed.attempts()).isEqualTo(attempt);
            assertThat(tasks.renewLease(t.id(), "w" + attempt, now.plusSeconds(40), now.plusSeconds(10))).isTrue();
            now = now.plusSeconds(41); // the worker died: no renewal after the last one
            TaskStore.Recovered r = tasks.recoverExpiredLeases(now, 3, "unknown_internal_error", "lost");
            if (attempt < 3) {
                assertThat(r.requeued()).as("attempt %d", attempt).isEqualTo(1);
                assertThat(r.failed()).isEmpty();
            } else {
                assertThat(r.requeued()).isZero();
                assertThat(r.failed()).singleElement().satisfies(f -> {
                    assertThat(f.id()).isEqualTo(t.id());
                    assertThat(f.state()).isEqualTo(TaskState.ERROR);
                    assertThat(f.errorCode()).isEqualTo("unknown_internal_error");
                    assertThat(f.errorMessage()).isEqualTo("lost");
                    assertThat(f.leaseOwner()).isNull();
                });
            }
        }
        Task back = tasks.find(t.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(TaskState.ERROR);
        assertThat(back.finishedAt()).isEqualTo(now);
        assertThat(back.attempts()).isEqualTo(3);
        assertThat(tasks.claimNext("w9", now, now.plusSeconds(30))).as("never retried again").isEmpty();
        assertThat(tasks.recoverExpiredLeases(now.plusSeconds(100), 3, "x", "y"))
                .isEqualTo(new TaskStore.Recovered(0, List.of()));
    }

    @Test
    void retentionDeletesOnlyFinishedTasksLastChangedBeforeTheCutoffInBatches() {
        keys.insert(key("alice"));
        Task running = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        tasks.claimNext("w1", T0, T0.plusSeconds(30));
        Task queued = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Task t = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
            assertThat(tasks.transition(TaskTransition.of(t.id(), TaskState.QUEUED, TaskState.EXPIRED,
                    T0.plusSeconds(1)))).isTrue();
            old.add(t.id());
        }
        Task recent = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        tasks.transition(TaskTransition.of(recent.id(), TaskState.QUEUED, TaskState.EXPIRED, T0.plusSeconds(100)));

        Instant cutoff = T0.plusSeconds(50);
        assertThat(tasks.deleteFinishedBefore(cutoff, 2)).as("one batch").isEqualTo(2);
        assertThat(tasks.deleteFinishedBefore(cutoff, 2)).isEqualTo(1);
        assertThat(tasks.deleteFinishedBefore(cutoff, 2)).isZero();
        assertThat(old).allSatisfy(id -> assertThat(tasks.find(id)).isEmpty());
        assertThat(tasks.find(recent.id())).isPresent();
        assertThat(tasks.find(queued.id())).isPresent();
        assertThat(tasks.find(running.id()).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void unpolledTasksAreFoundExceptExemptAndGoneOnes() {
        keys.insert(key("alice"));
        Task polled = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        Task abandoned = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        Task exempt = tasks.insertOrGetExisting(Task.queued("exempt", "key_alice", "enhance", WireFamily.OPENAI,
                null, "h", request("enhance", null, 0), true, T0));
        Task gone = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        tasks.transition(TaskTransition.of(gone.id(), TaskState.QUEUED, TaskState.EXPIRED, T0));
        tasks.touchPolled(Map.of(polled.id(), T0.plusSeconds(8), gone.id(), T0.plusSeconds(8)));
        tasks.touchPolled(Map.of(polled.id(), T0.plusSeconds(2))); // an older poll never moves the time back

        List<Task> stale = tasks.unpolledSince(T0.plusSeconds(5), 10);
        assertThat(stale).extracting(Task::id).containsExactly(abandoned.id());
        assertThat(tasks.find(polled.id()).orElseThrow().lastPolledAt()).isEqualTo(T0.plusSeconds(8));
        assertThat(exempt.pollExempt()).isTrue();
    }

    @Test
    void queuePositionCountsOlderQueuedTasks() {
        keys.insert(key("alice"));
        Task first = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0));
        Task second = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0.plusMillis(1)));
        Task third = tasks.insertOrGetExisting(task("key_alice", "enhance", null, T0.plusMillis(2)));
        assertThat(tasks.queuePosition(first)).isZero();
        assertThat(tasks.queuePosition(third)).isEqualTo(2);
        assertThat(tasks.countQueued()).isEqualTo(3);
        tasks.claimNext("w", T0, T0.plusSeconds(9));
        assertThat(tasks.queuePosition(third)).isEqualTo(1);
        assertThat(tasks.queuePosition(second)).isZero();
    }
}
