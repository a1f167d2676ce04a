package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.credits.Balance;
import dev.atelier.server.credits.Charge;
import dev.atelier.server.credits.CreditHooks;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.FeatureCosts;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiCreditLedger;
import dev.atelier.server.store.JdbiKeyStore;
import dev.atelier.server.store.JdbiTaskStore;
import dev.atelier.server.store.JdbiUsageStore;
import dev.atelier.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose worker dies at every attempt (it kills its JVM: out of memory, a native crash) is re-queued until its
 * last attempt, then ends as {@code unknown_internal_error} with its reserved units released, and is never run again.
 */
class LeaseRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aTaskThatKillsItsWorkerEveryTimeFailsAfterMaxAttemptsWithItsUnitsReleased() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("atelier.db"), null)) {
            MutableClock clock = new MutableClock(T0);
            new JdbiKeyStore(db).insert(new ApiKey("k1", "one", "h1", "atk_", "c1", "pk", "sealed", KeyStatus.ACTIVE,
                    T0, null));
            CreditLedger ledger = new JdbiCreditLedger(db, clock, false);
            JdbiTaskStore tasks = new JdbiTaskStore(db);
            CreditHooks hooks = new CreditHooks(ledger, new FeatureCosts(new Effects(List.of()),
                    Map.of("enhance", 100L)), new JdbiUsageStore(db), tasks, clock);
            ledger.grant("k1", 300, GrantType.PAYG, null, null);
            Task task = Task.queued("crasher", "k1", "enhance", WireFamily.V2, null, "hash",
                    new TaskRequest("enhance", WireFamily.V2, null, TaskRequest.Inputs.NONE, Map.of(), null, 0),
                    false, clock.instant());
            hooks.admit(task, "10.0.0.1");
            tasks.insertOrGetExisting(task);
            assertThat(ledger.balance("k1")).isEqualTo(new Balance(200, 100, true));
            AtomicInteger wakes = new AtomicInteger();
            LeaseRecovery recovery = new LeaseRecovery(tasks, clock, 3, wakes::incrementAndGet, hooks);

            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThat(tasks.claimNext("node-" + attempt + "/w0", clock.instant(), clock.instant().plus(LEASE)))
                        .as("attempt %d is claimed", attempt).isPresent();
                clock.advance(LEASE.plusSeconds(1)); // the worker died with the task: no renewal
                assertThat(recovery.recover()).isEqualTo(1);
            }

            Task failed = tasks.find("crasher").orElseThrow();
            assertThat(failed.state()).isEqualTo(TaskState.ERROR);
            assertThat(failed.errorCode()).isEqualTo("unknown_internal_error");
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(wakes).as("woken for the two re-queues only").hasValue(2);
            assertThat(ledger.charge("crasher").orElseThrow().state()).isEqualTo(Charge.State.RELEASED);
            assertThat(ledger.balance("k1")).isEqualTo(new Balance(300, 0, true));
            assertThat(tasks.claimNext("node-4/w0", clock.instant(), clock.instant().plus(LEASE))).isEmpty();
            assertThat(recovery.recover()).as("nothing left to recover").isZero();
        }
    }
}
