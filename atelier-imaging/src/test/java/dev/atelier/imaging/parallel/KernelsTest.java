package dev.atelier.imaging.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KernelsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @AfterEach
    void restore() {
        Kernels.shareCoresWith(1);
    }

    @Test
    void everyIndexRunsExactlyOnceWhateverTheWorkerCount() {
        for (int workers : new int[] {1, CORES, CORES + 3}) {
            Kernels.shareCoresWith(workers);
            for (int n : new int[] {0, 1, 2, 7, 1000, 4099}) {
                AtomicIntegerArray calls = new AtomicIntegerArray(n + 10);
                Kernels.forEach(5, 5 + n, i -> calls.incrementAndGet(i));
                for (int i = 0; i < calls.length(); i++) {
                    assertThat(calls.get(i)).as("index %d of %d, %d workers", i, n, workers)
                            .isEqualTo(i >= 5 && i < 5 + n ? 1 : 0);
                }
            }
        }
    }

    @Test
    void withAWorkerPerCoreKernelsRunInTheCallersThread() {
        Kernels.shareCoresWith(CORES);
        assertThat(Kernels.sequential()).isTrue();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Kernels.forEach(0, 10_000, i -> threads.add(Thread.currentThread()));
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void withFewerWorkersThanCoresKernelsUseTheBoundedPoolOnly() {
        Kernels.shareCoresWith(1);
        assertThat(Kernels.sequential()).isEqualTo(CORES == 1);
        Set<String> names = ConcurrentHashMap.newKeySet();
        // slow enough per index that more than one pool thread takes part where there are several cores
        Kernels.forEach(0, 2_000, i -> {
            names.add(Thread.currentThread().getName());
            double x = 0;
            for (int k = 0; k < 2_000; k++) {
                x += Math.sqrt(k + i);
            }
            assertThat(x).isPositive();
        });
        if (CORES > 1) {
            assertThat(names).isNotEmpty().hasSizeLessThanOrEqualTo(CORES)
                    .allSatisfy(name -> assertThat(name).startsWith("atelier-kernel-"));
        }
    }

    @Test
    void aKernelInsideAKernelCompletesAndCountsEveryPair() {
        Kernels.shareCoresWith(1);
        AtomicIntegerArray calls = new AtomicIntegerArray(64 * 64);
        Kernels.forEach(0, 64, y -> Kernels.forEach(0, 64, x -> calls.incrementAndGet(y * 64 + x)));
        for (int i = 0; i < calls.length(); i++) {
            assertThat(calls.get(i)).isEqualTo(1);
        }
    }

    @Test
    void aFailureInOneIndexReachesTheCaller() {
        for (int workers : new int[] {1, CORES}) {
            Kernels.shareCoresWith(workers);
            assertThatThrownBy(() -> Kernels.forEach(0, 100, i -> {
                if (i == 37) {
                    throw new IllegalStateException("row 37");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("row 37");
        }
    }

    @Test
    void aWorkerCountBelowOneIsRefused() {
        assertThatThrownBy(() -> Kernels.shareCoresWith(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
