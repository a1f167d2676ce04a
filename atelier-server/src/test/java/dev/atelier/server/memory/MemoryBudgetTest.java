package dev.atelier.server.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.config.SettingsSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long MIB = 1 << 20;

    @Test
    void claimsThatDoNotFitWaitAndAreAdmittedInArrivalOrder() {
        MemoryBudget budget = new MemoryBudget(100 * MIB);
        List<String> admitted = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool(); // not the common pool: it may have one thread
        MemoryBudget.Grant first = budget.admit(70 * MIB, () -> { });
        CompletableFuture<MemoryBudget.Grant> big = CompletableFuture.supplyAsync(() -> {
            MemoryBudget.Grant g = budget.admit(60 * MIB, () -> { });
            admitted.add("big");
            return g;
        }, threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.waiting() == 1);
        CompletableFuture<MemoryBudget.Grant> small = CompletableFuture.supplyAsync(() -> {
            MemoryBudget.Grant g = budget.admit(10 * MIB, () -> { });
            admitted.add("small");
            return g;
        }, threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.waiting() == 2);
        assertThat(admitted).as("10 MiB would fit now, but the older 60 MiB claim goes first").isEmpty();
        assertThat(budget.used()).isEqualTo(70 * MIB);

        first.close();
        first.close(); // a second close returns nothing twice
        MemoryBudget.Grant bigGrant = big.join();
        MemoryBudget.Grant smallGrant = small.join();
        assertThat(admitted).containsExactlyInAnyOrder("big", "small");
        assertThat(budget.used()).isEqualTo(70 * MIB);
        bigGrant.close();
        smallGrant.close();
        assertThat(budget.used()).isZero();
        threads.shutdown();
    }

    @Test
    void aWaitingClaimCanGiveUpAndLeavesTheQueue() {
        MemoryBudget budget = new MemoryBudget(100 * MIB);
        MemoryBudget.Grant held = budget.admit(90 * MIB, () -> { });
        assertThatThrownBy(() -> budget.admit(20 * MIB, () -> {
            throw new IllegalStateException("out of time");
        })).hasMessage("out of time");
        assertThat(budget.waiting()).isZero();
        held.close();
        budget.admit(100 * MIB, () -> { }).close();
    }

    @Test
    void aClaimLargerThanTheBudgetCanNeverFit() {
        MemoryBudget budget = new MemoryBudget(100 * MIB);
        assertThat(budget.canEverFit(100 * MIB)).isTrue();
        assertThat(budget.canEverFit(100 * MIB + 1)).isFalse();
        assertThatThrownBy(() -> budget.admit(101 * MIB, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultIsThreeQuartersOfTheHeapAndTheSettingWins() {
        assertThat(MemoryBudget.from(SettingsSource.of(Map.of())).total())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 75);
        assertThat(MemoryBudget.from(SettingsSource.of(Map.of("ATELIER_TASK_MEMORY", "300MiB"))).total())
                .isEqualTo(300 * MIB);
    }
}
