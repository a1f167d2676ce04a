package dev.atelier.imaging.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.enhance.Enhance;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU per task against the number of workers (issue 19): N enhance tasks run by W threads that take tasks from one
 * counter, as the server's workers do; process CPU time (all threads: workers, kernel pool, GC, JIT) divided by N.
 * W = 1 and W = 2 alternate round by round in one process after a warm-up, so the load of the machine falls on both.
 * The CPU is also split by thread kind (the workers themselves, ForkJoin/kernel pool threads, everything else).
 *
 * <p>Usage: {@code java -cp bench/jmh/target/benchmarks.jar dev.atelier.imaging.bench.Scaling PHOTO SCALE TASKS ROUNDS}
 */
public final class Scaling {
    private Scaling() {}

    public static void main(String[] args) throws Exception {
        Path photo = Path.of(args[0]);
        int scale = Integer.parseInt(args[1]);
        int tasks = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Image source = Codecs.decode(Files.readAllBytes(photo), DecodeLimits.defaults());
        System.out.printf("%s %dx%d, enhance x%d, %d tasks per measurement, %d cores, java %s%n", photo.getFileName(),
                source.width(), source.height(), scale, tasks, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (int i = 0; i < 2; i++) { // warm-up: the JIT compiles the kernels at both worker counts
            measure(source, scale, tasks, 1);
            measure(source, scale, tasks, 2);
        }
        Map<Integer, List<double[]>> results = new HashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int workers : new int[] {1, 2}) {
                double[] m = measure(source, scale, tasks, workers);
                results.computeIfAbsent(workers, k -> new ArrayList<>()).add(m);
                System.out.printf("round %d, %d worker(s): %.1f ms CPU/task (workers %.1f, pool %.1f, other %.1f),"
                        + " %.1f ms wall/task, load %.2f%n", r + 1, workers, m[0], m[1], m[2], m[3], m[4], load());
            }
        }
        System.out.println("| workers | CPU per task (ms) | in workers | in kernel pool | other (GC, JIT) | wall per task (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        for (int workers : new int[] {1, 2}) {
            List<double[]> ms = results.get(workers);
            System.out.printf("| %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", workers, median(ms, 0), median(ms, 1),
                    median(ms, 2), median(ms, 3), median(ms, 4));
        }
        System.out.printf("medians of %d rounds; load average at the end %.2f%n", rounds, load());
    }

    /** {CPU/task, of which in workers, in pool threads, other; wall/task}, milliseconds. */
    private static double[] measure(Image source, int scale, int tasks, int workers) throws Exception {
        shareCoresWith(workers);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> poolBefore = poolCpu(threads);
        AtomicInteger next = new AtomicInteger();
        long[] workerCpu = new long[workers];
        List<Thread> running = new ArrayList<>();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            int id = w;
            running.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                long t0 = threads.getCurrentThreadCpuTime();
                while (next.getAndIncrement() < tasks) {
                    Enhance.enhance(source, scale);
                }
                workerCpu[id] = threads.getCurrentThreadCpuTime() - t0;
            }));
        }
        for (Thread t : running) {
            t.join();
        }
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long pool = 0;
        for (Map.Entry<Long, Long> e : poolCpu(threads).entrySet()) {
            pool += e.getValue() - poolBefore.getOrDefault(e.getKey(), 0L);
        }
        long inWorkers = Arrays.stream(workerCpu).sum();
        return new double[] {cpu / 1e6 / tasks, inWorkers / 1e6 / tasks, pool / 1e6 / tasks,
            (cpu - inWorkers - pool) / 1e6 / tasks, wall / 1e6 / tasks};
    }

    /**
     * Tells the kernels the worker count as the server's WorkerPool does; by reflection, so that this harness also
     * runs against a build from before the shared kernel pool (parallel streams, nothing to tell).
     */
    private static void shareCoresWith(int workers) throws Exception {
        try {
            Class.forName("dev.atelier.imaging.parallel.Kernels").getMethod("shareCoresWith", int.class)
                    .invoke(null, workers);
        } catch (ClassNotFoundException before) {
            // parallel streams on the common pool
        }
    }

    /** CPU time of the threads that run kernels for the workers: the common ForkJoin pool or a kernel pool. */
    private static Map<Long, Long> poolCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("ForkJoinPool") || name.startsWith("atelier-kernel")) {
                long c = threads.getThreadCpuTime(t.threadId());
                if (c >= 0) {
                    cpu.put(t.threadId(), c);
                }
            }
        }
        return cpu;
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
