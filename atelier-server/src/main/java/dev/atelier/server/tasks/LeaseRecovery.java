package dev.atelier.server.tasks;

import dev.atelier.server.effects.EngineError;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the tasks of vanished workers (their lease ran out without renewal) another run, up to a number of attempts.
 * A task whose every run kills its worker (out of memory, a native crash) would otherwise be retried forever and take
 * a worker down each time: after {@code maxAttempts} runs it ends as {@code unknown_internal_error}, and the hooks
 * release its units and tell its webhooks, as for any other failure.
 */
public final class LeaseRecovery {
    private static final Logger log = LoggerFactory.getLogger(LeaseRecovery.class);

    private final TaskStore tasks;
    private final InstantSource clock;
    private final int maxAttempts;
    private final Runnable wakeWorkers;
    private final TaskHooks hooks;

    LeaseRecovery(TaskStore tasks, InstantSource clock, int maxAttempts, Runnable wakeWorkers, TaskHooks hooks) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.tasks = tasks;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.wakeWorkers = wakeWorkers;
        this.hooks = hooks;
    }

    /** Re-queues or fails every task whose lease ended; returns how many it touched. */
    public int recover() {
        TaskStore.Recovered recovered = tasks.recoverExpiredLeases(clock.instant(), maxAttempts,
                EngineError.UNKNOWN_INTERNAL_ERROR.wire(),
                "the task stopped its worker " + maxAttempts + " times (lost lease); it is not retried again");
        if (recovered.requeued() > 0) {
            log.warn("{} task(s) whose worker stopped were queued again", recovered.requeued());
            wakeWorkers.run();
        }
        for (Task failed : recovered.failed()) {
            log.warn("task {} failed: its worker stopped during each of its {} attempts", failed.id(),
                    failed.attempts());
            try {
                hooks.finished(failed); // releases the reserved units, queues webhooks
            } catch (RuntimeException e) {
                log.warn("task {}: telling the hooks about its failure failed (they reconcile later)", failed.id(), e);
            }
        }
        return recovered.requeued() + recovered.failed().size();
    }
}
