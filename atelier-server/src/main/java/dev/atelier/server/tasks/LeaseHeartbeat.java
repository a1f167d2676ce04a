package dev.atelier.server.tasks;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of this node's running tasks alive: each is renewed every third of the lease while it runs, so a
 * short lease (30 s by default) tells a dead worker from a slow task. When the node dies the renewals stop with it and
 * lease recovery re-queues its tasks within about one lease, instead of waiting out the task timeout.
 */
final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final TaskStore tasks;
    private final InstantSource clock;
    private final Duration lease;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("atelier-lease-heartbeat").daemon(true).factory());

    LeaseHeartbeat(TaskStore tasks, InstantSource clock, Duration lease) {
        this.tasks = tasks;
        this.clock = clock;
        this.lease = lease;
    }

    /** The lease a claim takes, and each renewal extends to. */
    Duration lease() {
        return lease;
    }

    /** Renews {@code taskId}'s lease for {@code owner} until the returned beat is closed. */
    Beat start(String taskId, String owner) {
        long every = Math.max(50, lease.toMillis() / 3);
        ScheduledFuture<?> future = timer.scheduleAtFixedRate(() -> renew(taskId, owner), every, every,
                TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    private void renew(String taskId, String owner) {
        try {
            Instant now = clock.instant();
            if (!tasks.renewLease(taskId, owner, now.plus(lease), now)) {
                // Finished, expired or taken over meanwhile: the run notices at its next progress report.
                log.debug("task {}: lease of {} no longer held", taskId, owner);
            }
        } catch (RuntimeException e) {
            // The store is unreachable: keep trying; if it stays so for a lease, another node may take the task, and
            // the compare-and-set transitions keep either from completing it twice.
            log.warn("task {}: renewing the lease failed; retrying", taskId, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One running task's renewals; closing stops them. */
    interface Beat extends AutoCloseable {
        @Override
        void close();
    }
}
