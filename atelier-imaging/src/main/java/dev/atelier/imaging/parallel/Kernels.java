package dev.atelier.imaging.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs a kernel's independent loop iterations (rows, bands, tiles) for every classical algorithm of this module.
 *
 * <p>Why not parallel streams: they run on the JDK's common pool (cores − 1 threads) <em>plus</em> each calling
 * thread, so a node with W workers ran up to W + cores − 1 busy threads on its cores, and an idle pool thread between
 * two of a task's many short loops spins and wakes again; the CPU a task cost depended on how many workers ran
 * beside it (issue 19). Here there is one pool of exactly {@code cores} daemon threads named {@code atelier-kernel-N},
 * shared by every caller, so kernel threads never outnumber the cores, and when the node's workers alone fill the cores
 * ({@link #shareCoresWith}: workers ≥ cores) a kernel runs sequentially in its worker's thread: no forking, no
 * joining, no idle threads to wake, the same instructions per task whatever the worker count.
 */
public final class Kernels {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Each call is cut into about this many pieces per core, so that uneven rows still balance. */
    private static final int PIECES_PER_CORE = 4;

    private static volatile boolean sequential = CORES == 1;

    private Kernels() {}

    /**
     * Tells the kernels how many task workers share this process's cores: with as many workers as cores or more, each
     * kernel runs in its caller's thread; with fewer, kernels split their loops over the shared pool.
     */
    public static void shareCoresWith(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        sequential = workers >= CORES;
    }

    /** Whether kernels run in their caller's thread only (see {@link #shareCoresWith}). */
    public static boolean sequential() {
        return sequential;
    }

    /**
     * Calls {@code body} once for each index in {@code [from, to)}, in any order and possibly on several threads; it
     * returns when all calls have, and their writes are visible to the caller. The calls must be independent.
     */
    public static void forEach(int from, int to, IntConsumer body) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        if (sequential || n == 1) {
            for (int i = from; i < to; i++) {
                body.accept(i);
            }
            return;
        }
        Range all = new Range(from, to, Math.max(1, n / (CORES * PIECES_PER_CORE)), body);
        if (ForkJoinTask.getPool() == Pool.POOL) {
            all.invoke(); // a kernel inside a kernel: already on a kernel thread, fork here
        } else {
            Pool.POOL.invoke(all);
        }
    }

    /** The pool, created on first parallel use only (a node whose kernels run sequentially never starts it). */
    private static final class Pool {
        static final ForkJoinPool POOL = new ForkJoinPool(CORES, pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("atelier-kernel-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Halves its range until a piece is at most {@code grain} indices long, then runs the piece. */
    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final int grain;
        private final transient IntConsumer body;

        Range(int from, int to, int grain, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                for (int i = from; i < to; i++) {
                    body.accept(i);
                }
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(from, mid, grain, body), new Range(mid, to, grain, body));
        }
    }
}
