package dev.atelier.server.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiCreditLedger;
import dev.atelier.server.store.JdbiKeyStore;
import dev.atelier.server.store.JdbiTaskStore;
import dev.atelier.server.store.JdbiUsageStore;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskTransition;
import dev.atelier.server.tasks.WireFamily;
import dev.atelier.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the ledger guarantees on every database: no overspending under concurrency, idempotent settlement. */
abstract class CreditLedgerContract {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    Database db;
    MutableClock clock;
    CreditLedger ledger;
    JdbiTaskStore tasks;
    CreditHooks hooks;
    JdbiUsageStore usage;

    abstract Database openFreshDatabase();

    @BeforeEach
    void open() {
        db = openFreshDatabase();
        clock = new MutableClock(T0);
        ledger = new JdbiCreditLedger(db, clock, false);
        tasks = new JdbiTaskStore(db);
        usage = new JdbiUsageStore(db);
        hooks = new CreditHooks(ledger, new FeatureCosts(new dev.atelier.server.effects.Effects(List.of()),
                java.util.Map.of("enhance", 100L)), usage, tasks, clock);
        new JdbiKeyStore(db).insert(new ApiKey("k1", "one", "h1", "atk_", "c1", "pk", "sealed", KeyStatus.ACTIVE, T0,
                null));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Task task(String id) {
        Task t = Task.queued(id, "k1", "enhance", WireFamily.V2, null, "hash",
                new TaskRequest("enhance", WireFamily.V2, null, TaskRequest.Inputs.NONE, Map.of(), null, 0), false,
                clock.instant());
        hooks.admit(t, "10.1.2.3");
        return tasks.insertOrGetExisting(t);
    }

    @Test
    void concurrentReservationsNeverSpendMoreThanTheBalance() throws Exception {
        ledger.grant("k1", 5000, GrantType.PAYG, null, null);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                String id = "t" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        ledger.reserve("k1", id, "enhance", 100, null);
                        return true;
                    } catch (Refusal e) {
                        assertThat(e.code()).isEqualTo(RefusalCode.CREDIT_INSUFFICIENCY);
                        return false;
                    }
                }));
            }
            go.countDown();
        }
        int accepted = 0;
        for (Future<Boolean> f : results) {
            accepted += f.get() ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(50);
        assertThat(ledger.balance("k1")).isEqualTo(new Balance(0, 5000, true));
    }

    @Test
    void anInsufficientBalanceHoldsNothing() {
        ledger.grant("k1", 150, GrantType.PAYG, null, null);
        ledger.reserve("k1", "a", "enhance", 100, null);
        assertThatThrownBy(() -> ledger.reserve("k1", "b", "enhance", 100, null))
                .isInstanceOf(Refusal.class).hasMessageContaining("0.50 are available");
        assertThat(ledger.balance("k1").available()).isEqualTo(50);
        assertThat(ledger.charge("b")).isEmpty();
    }

    @Test
    void expiryOrDeletionBeforeCompletionReleasesAndAfterSuccessStaysCharged() {
        ledger.grant("k1", 300, GrantType.PAYG, null, null);
        Task expired = task("expired");
        tasks.transition(TaskTransition.of(expired.id(), TaskState.QUEUED, TaskState.EXPIRED, clock.instant()));
        hooks.finished(tasks.find("expired").orElseThrow());
        assertThat(ledger.charge("expired").orElseThrow().state()).isEqualTo(Charge.State.RELEASED);

        Task done = task("done");
        tasks.transition(TaskTransition.of(done.id(), TaskState.QUEUED, TaskState.RUNNING, clock.instant()));
        tasks.transition(new TaskTransition(done.id(), TaskState.RUNNING, TaskState.SUCCESS, clock.instant(), null,
                null, null, new TaskResult(List.of(), Map.of("engine", "x"))));
        tasks.transition(TaskTransition.of(done.id(), TaskState.SUCCESS, TaskState.DELETED, clock.instant()));
        hooks.finished(tasks.find("done").orElseThrow()); // deleted after success: the hook missed the success
        assertThat(ledger.charge("done").orElseThrow().state()).isEqualTo(Charge.State.SETTLED);
        hooks.finished(tasks.find("done").orElseThrow()); // twice changes nothing
        assertThat(ledger.balance("k1")).isEqualTo(new Balance(200, 0, true));
        assertThat(usage.list("k1", Instant.EPOCH, T0.plusSeconds(60), 0, 10)).singleElement()
                .satisfies(u -> {
                    assertThat(u.engine()).isEqualTo("x");
                    assertThat(u.sourceIp()).isEqualTo("10.1.2.3");
                });
    }

    @Test
    void theReconcilerAppliesOutcomesTheHooksMissed() {
        ledger.grant("k1", 300, GrantType.PAYG, null, null);
        Task failed = task("failed");
        tasks.transition(TaskTransition.of(failed.id(), TaskState.QUEUED, TaskState.RUNNING, clock.instant()));
        tasks.transition(new TaskTransition(failed.id(), TaskState.RUNNING, TaskState.ERROR, clock.instant(), null,
                "error_inference", "boom", null));
        ledger.reserve("k1", "never-stored", "enhance", 100, null); // a submit that died before storing its task
        Task running = task("running");
        tasks.transition(TaskTransition.of(running.id(), TaskState.QUEUED, TaskState.RUNNING, clock.instant()));

        assertThat(hooks.reconcile()).isEqualTo(1); // the orphan is too young to judge
        clock.advance(Duration.ofMinutes(2));
        assertThat(hooks.reconcile()).isEqualTo(1);
        assertThat(ledger.charge("failed").orElseThrow().state()).isEqualTo(Charge.State.RELEASED);
        assertThat(ledger.charge("never-stored").orElseThrow().state()).isEqualTo(Charge.State.RELEASED);
        assertThat(ledger.charge("running").orElseThrow().state()).isEqualTo(Charge.State.RESERVED);
        assertThat(ledger.balance("k1")).isEqualTo(new Balance(200, 100, true));
    }

    @Test
    void expiredGrantsAreWrittenOffOnceAndNoLongerSpent() {
        ledger.grant("k1", 100, GrantType.SUBSCRIPTION, T0.plus(Duration.ofDays(1)), null);
        ledger.grant("k1", 100, GrantType.PAYG, null, null);
        clock.advance(Duration.ofDays(2));
        assertThat(ledger.balance("k1").available()).isEqualTo(100);
        assertThat(ledger.expireGrants()).isEqualTo(1);
        assertThat(ledger.expireGrants()).isZero();
        HistoryEntry latest = ledger.history("k1", 1, null).entries().getFirst();
        assertThat(latest.action()).isEqualTo("expire");
        assertThat(latest.units()).isEqualTo(-100);
    }
}
