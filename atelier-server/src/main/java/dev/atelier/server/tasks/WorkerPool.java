package dev.atelier.server.tasks;

import dev.atelier.imaging.parallel.Kernels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of this node: a fixed number of threads that claim queued tasks from the store and run them.
 *
 * <p>Claims go through the database, so any number of nodes can share one queue. A submit on this node wakes a worker
 * at once; tasks submitted on other nodes are found by polling every second. A claim leases the task for a short
 * time that a {@link LeaseHeartbeat} renews while it runs: a crashed worker's task returns to the queue within about
 * one lease.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final TaskStore tasks;
    private final TaskRunner runner;
    private final InstantSource clock;
    private final int size;
    private final LeaseHeartbeat heartbeat;
    private final String nodeId;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean accepting = true;

    WorkerPool(TaskStore tasks, TaskRunner runner, InstantSource clock, int size, Duration lease, String nodeId) {
        this.tasks = tasks;
        this.runner = runner;
        this.clock = clock;
        this.size = size;
        this.heartbeat = new LeaseHeartbeat(tasks, clock, lease);
        this.nodeId = nodeId;
    }

    public synchronized void start() {
        // the classical kernels run in the workers' own threads once the workers fill the cores (issue 19)
        Kernels.shareCoresWith(size);
        for (int i = 0; i < size; i++) {
            String owner = nodeId + "/w" + i;
            Thread t = Thread.ofPlatform().name("atelier-worker-" + i).daemon(false).unstarted(() -> loop(owner));
            threads.add(t);
            t.start();
        }
        log.info("{} workers started on node {}; classical kernels {}", size, nodeId,
                Kernels.sequential() ? "run in each worker's thread" : "share a pool of one thread per core");
    }

    /** Tells an idle worker that work has arrived. */
    public void wake() {
        wake.release();
    }

    private void loop(String owner) {
        while (accepting) {
            Optional<Task> claimed;
            try {
                Instant now = clock.instant();
                claimed = tasks.claimNext(owner, now, now.plus(heartbeat.lease()));
            } catch (RuntimeException e) {
                log.warn("claiming a task failed; retrying in {} s", IDLE_POLL.toSeconds(), e);
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                busy.incrementAndGet();
                try (LeaseHeartbeat.Beat beat = heartbeat.start(claimed.get().id(), owner)) {
                    runner.run(claimed.get(), owner);
                } catch (RuntimeException e) {
                    log.error("worker {} lost task {}", owner, claimed.get().id(), e);
                } finally {
                    busy.decrementAndGet();
                }
                continue;
            }
            try {
                wake.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Tasks running on this node now. */
    public int busy() {
        return busy.get();
    }

    /**
     * Stops claiming and waits up to {@code timeout} for running tasks to finish (graceful shutdown). Tasks still
     * running afterwards keep their lease and are retried elsewhere when it ends.
     */
    public void drain(Duration timeout) {
        accepting = false;
        wake.release(size);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int stillBusy = busy.get();
        if (stillBusy > 0) {
            log.warn("{} task(s) still running after {} s of draining; their leases will let another node retry them",
                    stillBusy, timeout.toSeconds());
        } else {
            log.info("workers drained");
        }
    }

    @Override
    public void close() {
        drain(Duration.ZERO);
        heartbeat.close();
    }
}
