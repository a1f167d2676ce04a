package dev.atelier.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.credits.UsageRecord;
import dev.atelier.server.credits.UsageStore;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskTransition;
import dev.atelier.server.tasks.WireFamily;
import dev.atelier.server.webhooks.Delivery;
import dev.atelier.server.webhooks.Endpoint;
import dev.atelier.server.webhooks.WebhookStore;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stores the concerns own beside keys, files and tasks ({@link StoreContractTest}): webhook endpoints and
 * deliveries (queuing, exclusive claims, retries, reconciliation) and usage records, on every database.
 */
abstract class ConcernStoresContract {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    Database db;
    JdbiTaskStore tasks;
    WebhookStore webhooks;
    UsageStore usage;
    private final AtomicInteger ids = new AtomicInteger();

    /** A new, empty, migrated database. */
    abstract Database openFreshDatabase();

    @BeforeEach
    void open() {
        db = openFreshDatabase();
        tasks = new JdbiTaskStore(db);
        webhooks = new JdbiWebhookStore(db);
        usage = new JdbiUsageStore(db);
        for (String k : List.of("alice", "bob")) {
            new JdbiKeyStore(db).insert(new ApiKey("key_" + k, k, "hash_" + k, "ak_" + k.charAt(0), "client_" + k,
                    "pub_" + k, "sealed_" + k, KeyStatus.ACTIVE, T0, null));
        }
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private String nextId(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    private Endpoint endpoint(String keyId, Instant createdAt) {
        Endpoint e = new Endpoint(nextId("wh_"), keyId, "https://hooks.example/" + keyId, Endpoint.Status.ACTIVE,
                createdAt, null, null);
        webhooks.insert(e, "sealed-secret-" + e.id());
        return e;
    }

    private int enqueue(String keyId, String taskId, Instant now) {
        return webhooks.enqueue(keyId, taskId, "{\"task_id\":\"" + taskId + "\"}", now, () -> nextId("msg_"));
    }

    /** A task of {@code keyId} that reached {@code state} (success or error) at {@code finishedAt}. */
    private Task finishedTask(String keyId, TaskState state, Instant finishedAt) {
        String id = nextId("task_");
        Task t = tasks.insertOrGetExisting(Task.queued(id, keyId, "enhance", WireFamily.V2, null, "hash_" + id,
                new TaskRequest("enhance", WireFamily.V2, null, TaskRequest.Inputs.NONE, Map.of(), null, 0), false,
                T0));
        assertThat(tasks.claimNext("w", T0, T0.plusSeconds(600))).map(Task::id).contains(id);
        boolean ok = tasks.transition(state == TaskState.SUCCESS
                ? new TaskTransition(id, TaskState.RUNNING, TaskState.SUCCESS, finishedAt, "w", null, null,
                        new TaskResult(List.of(), Map.of()))
                : new TaskTransition(id, TaskState.RUNNING, TaskState.ERROR, finishedAt, "w", "error_inference",
                        "failed", null));
        assertThat(ok).isTrue();
        return t;
    }

    // ---- webhooks

    @Test
    void endpointsRoundTripAndRemovalHidesThemAndCancelsTheirDeliveries() {
        Endpoint a = endpoint("key_alice", T0);
        Endpoint b = endpoint("key_alice", T0.plusSeconds(1));
        endpoint("key_bob", T0);
        assertThat(webhooks.list("key_alice")).containsExactly(a, b);
        assertThat(webhooks.endpoint(a.id())).contains(a);
        assertThat(webhooks.countLive("key_alice")).isEqualTo(2);
        assertThat(enqueue("key_alice", "t1", T0)).as("one delivery per active endpoint of the key").isEqualTo(2);

        assertThat(webhooks.remove(a.id(), T0.plusSeconds(5))).isTrue();
        assertThat(webhooks.remove(a.id(), T0.plusSeconds(6))).as("already removed").isFalse();
        assertThat(webhooks.list("key_alice")).containsExactly(b);
        assertThat(webhooks.countLive("key_alice")).isEqualTo(1);
        assertThat(webhooks.endpoint(a.id()).orElseThrow().status()).isEqualTo(Endpoint.Status.REMOVED);
        assertThat(webhooks.deliveries(a.id(), 10)).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo(Delivery.State.CANCELLED))
                .satisfies(d -> assertThat(d.finishedAt()).isEqualTo(T0.plusSeconds(5)));
        assertThat(webhooks.deliveries(b.id(), 10)).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo(Delivery.State.PENDING));
        assertThat(webhooks.hasActiveEndpoint("key_alice")).isTrue();
        webhooks.remove(b.id(), T0.plusSeconds(7));
        assertThat(webhooks.hasActiveEndpoint("key_alice")).isFalse();
        assertThat(enqueue("key_alice", "t2", T0)).as("no active endpoint left").isZero();
    }

    @Test
    void aTaskIsQueuedOncePerEndpoint() {
        Endpoint e = endpoint("key_alice", T0);
        assertThat(enqueue("key_alice", "t1", T0)).isEqualTo(1);
        assertThat(enqueue("key_alice", "t1", T0.plusSeconds(1))).as("the hook and the reconciler both ran").isZero();
        Delivery d = webhooks.deliveries(e.id(), 10).getFirst();
        assertThat(d.taskId()).isEqualTo("t1");
        assertThat(d.payload()).isEqualTo("{\"task_id\":\"t1\"}");
        assertThat(d.attempts()).isZero();
        assertThat(d.nextAttemptAt()).isEqualTo(T0);
    }

    @Test
    void claimsLeaseTheDueDeliveryAndAnExpiredLeaseIsClaimedAgain() {
        Endpoint e = endpoint("key_alice", T0);
        enqueue("key_alice", "t1", T0);
        assertThat(webhooks.claim("n1", T0.minusSeconds(1), T0.minusSeconds(2))).as("not due yet").isEmpty();

        WebhookStore.Claimed c = webhooks.claim("n1", T0.plusSeconds(30), T0).orElseThrow();
        assertThat(c.delivery().taskId()).isEqualTo("t1");
        assertThat(c.url()).isEqualTo(e.url());
        assertThat(c.endpointStatus()).isEqualTo(Endpoint.Status.ACTIVE);
        assertThat(c.sealedSecret()).isEqualTo("sealed-secret-" + e.id());
        assertThat(webhooks.claim("n2", T0.plusSeconds(60), T0.plusSeconds(10))).as("leased to n1").isEmpty();
        assertThat(webhooks.claim("n2", T0.plusSeconds(90), T0.plusSeconds(31))).as("n1's lease ran out")
                .map(x -> x.delivery().id()).contains(c.delivery().id());
    }

    @Test
    void concurrentClaimersNeverLeaseTheSameDelivery() throws Exception {
        endpoint("key_alice", T0);
        int n = 24;
        for (int i = 0; i < n; i++) {
            enqueue("key_alice", "t" + i, T0);
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                String owner = "node" + w;
                futures.add(pool.submit(() -> {
                    start.await();
                    // bounded: a claim that did not lease would hand out the same delivery for ever
                    for (int i = 0; i <= n; i++) {
                        Optional<WebhookStore.Claimed> c = webhooks.claim(owner, T0.plusSeconds(60),
                                T0.plusSeconds(1));
                        if (c.isEmpty()) {
                            break;
                        }
                        claimed.add(c.get().delivery().id());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> distinct = new HashSet<>(claimed);
        assertThat(claimed).as("every delivery claimed once").hasSize(n);
        assertThat(distinct).hasSize(n);
    }

    @Test
    void finishingCountsAnAttemptButACancellationDoesNotAndRetriesWaitTheirTurn() {
        Endpoint e = endpoint("key_alice", T0);
        enqueue("key_alice", "t1", T0);
        enqueue("key_alice", "t2", T0);
        enqueue("key_alice", "t3", T0);
        Delivery first = webhooks.claim("n1", T0.plusSeconds(30), T0).orElseThrow().delivery();
        webhooks.retryAt(first.id(), T0.plusSeconds(100), 503, "Service Unavailable");
        Delivery second = webhooks.claim("n1", T0.plusSeconds(30), T0).orElseThrow().delivery();
        assertThat(second.id()).as("the retried one waits").isNotEqualTo(first.id());
        webhooks.finish(second.id(), Delivery.State.DELIVERED, 200, null, T0.plusSeconds(2));
        webhooks.finish(second.id(), Delivery.State.FAILED, 500, "late", T0.plusSeconds(3));
        Delivery third = webhooks.claim("n1", T0.plusSeconds(30), T0).orElseThrow().delivery();
        webhooks.finish(third.id(), Delivery.State.CANCELLED, null, "the endpoint is disabled", T0.plusSeconds(4));
        assertThat(webhooks.claim("n1", T0.plusSeconds(30), T0.plusSeconds(5))).as("nothing due").isEmpty();

        Map<String, Delivery> byId = new java.util.HashMap<>();
        webhooks.deliveries(e.id(), 10).forEach(d -> byId.put(d.id(), d));
        assertThat(byId.get(first.id())).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatus()).isEqualTo(503);
            assertThat(d.nextAttemptAt()).isEqualTo(T0.plusSeconds(100));
        });
        assertThat(byId.get(second.id())).as("the second finish found it no longer pending").satisfies(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.DELIVERED);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatus()).isEqualTo(200);
            assertThat(d.finishedAt()).isEqualTo(T0.plusSeconds(2));
        });
        assertThat(byId.get(third.id())).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.CANCELLED);
            assertThat(d.attempts()).isZero();
        });
        assertThat(webhooks.claim("n1", T0.plusSeconds(200), T0.plusSeconds(100)))
                .map(c -> c.delivery().id()).contains(first.id());
    }

    @Test
    void disablingAnEndpointCancelsItsPendingDeliveriesAndAClaimSeesItsStatus() {
        Endpoint e = endpoint("key_alice", T0);
        enqueue("key_alice", "t1", T0);
        enqueue("key_alice", "t2", T0);
        WebhookStore.Claimed leased = webhooks.claim("n1", T0.plusSeconds(30), T0).orElseThrow();
        webhooks.disable(e.id(), "the receiver answered 410 Gone", T0.plusSeconds(1));

        Endpoint back = webhooks.endpoint(e.id()).orElseThrow();
        assertThat(back.status()).isEqualTo(Endpoint.Status.DISABLED);
        assertThat(back.disabledReason()).isEqualTo("the receiver answered 410 Gone");
        assertThat(back.disabledAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(webhooks.deliveries(e.id(), 10)).extracting(Delivery::state)
                .containsOnly(Delivery.State.CANCELLED);
        assertThat(webhooks.claim("n2", T0.plusSeconds(90), T0.plusSeconds(60))).isEmpty();
        assertThat(leased.delivery().state()).isEqualTo(Delivery.State.PENDING);
    }

    @Test
    void reconciliationFindsFinishedTasksWhoseDeliveryWasNeverQueued() {
        Instant from = T0.plusSeconds(100);
        Instant to = T0.plusSeconds(200);
        endpoint("key_alice", T0);
        Task missedSuccess = finishedTask("key_alice", TaskState.SUCCESS, T0.plusSeconds(110));
        Task missedError = finishedTask("key_alice", TaskState.ERROR, T0.plusSeconds(120));
        Task delivered = finishedTask("key_alice", TaskState.SUCCESS, T0.plusSeconds(130));
        enqueue("key_alice", delivered.id(), T0.plusSeconds(130));
        finishedTask("key_alice", TaskState.SUCCESS, T0.plusSeconds(50)); // before the window
        finishedTask("key_alice", TaskState.SUCCESS, T0.plusSeconds(250)); // within the grace
        finishedTask("key_bob", TaskState.SUCCESS, T0.plusSeconds(140)); // bob has no endpoint then
        endpoint("key_bob", T0.plusSeconds(150)); // ... and one made after the task finished does not count

        assertThat(webhooks.missed(from, to, 100)).containsExactlyInAnyOrder(
                new WebhookStore.Outcome(missedSuccess.id(), "key_alice", "enhance", true, null),
                new WebhookStore.Outcome(missedError.id(), "key_alice", "enhance", false, "error_inference"));
        assertThat(webhooks.missed(from, to, 1)).hasSize(1);
    }

    // ---- usage

    private UsageRecord usageRecord(long id, String taskId, String keyId, String feature, long units, Long cost,
            Instant settledAt) {
        return new UsageRecord(id, taskId, keyId, feature, "classical", null, null, units, cost, 5L, 40L, 640, 480, 1,
                "10.0.0.1", settledAt.minusSeconds(1), settledAt, UsageRecord.SUCCESS, null);
    }

    @Test
    void usageIsRecordedOncePerTaskAndReadByKeyTimeAndPage() {
        UsageRecord a = usageRecord(1, "t1", "key_alice", "enhance", 100, null, T0);
        UsageRecord b = usageRecord(2, "t2", "key_alice", "sod", 250, 1200L, T0.plusSeconds(10));
        UsageRecord c = usageRecord(3, "t3", "key_bob", "enhance", 100, null, T0.plusSeconds(20));
        UsageRecord d = usageRecord(4, "t4", "key_alice", "enhance", 100, 30L, T0.plusSeconds(30));
        for (UsageRecord r : List.of(a, b, c, d)) {
            usage.record(r);
        }
        usage.record(usageRecord(5, "t1", "key_alice", "enhance", 999, null, T0)); // settled twice: ignored

        assertThat(usage.list(null, T0, T0.plusSeconds(60), 0, 10)).containsExactly(a, b, c, d);
        assertThat(usage.list("key_alice", T0, T0.plusSeconds(60), 0, 2)).containsExactly(a, b);
        assertThat(usage.list("key_alice", T0, T0.plusSeconds(60), b.id(), 2)).containsExactly(d);
        assertThat(usage.list("key_alice", T0.plusSeconds(10), T0.plusSeconds(30), 0, 10))
                .as("[from, to)").containsExactly(b);
        assertThat(usage.totals("key_alice", T0, T0.plusSeconds(60))).containsExactly(
                new UsageStore.Total("enhance", 2, 200, 30), new UsageStore.Total("sod", 1, 250, 1200));
        assertThat(usage.totals(null, T0, T0.plusSeconds(60))).first()
                .isEqualTo(new UsageStore.Total("enhance", 3, 300, 30));
    }
}
