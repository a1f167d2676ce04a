package dev.atelier.server.credits;

import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskHooks;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the ledger to the task lifecycle: reserve the feature's cost when a task is admitted, settle it and write the
 * usage record on success, release it on any other outcome (CONTRACTS D.5: charged only on success). A task that
 * succeeded and later expired or was deleted stays charged (CONTRACTS D.4).
 *
 * <p>{@link #reconcile()} repairs what a stopped node left behind: reserved charges whose task has an outcome.
 */
public final class CreditHooks implements TaskHooks {
    private static final Logger log = LoggerFactory.getLogger(CreditHooks.class);
    /** A charge is reserved just before its task is stored: a missing task counts as gone only after this. */
    private static final Duration ORPHAN_AFTER = Duration.ofMinutes(1);

    private final CreditLedger ledger;
    private final FeatureCosts costs;
    private final UsageStore usage;
    private final TaskStore tasks;
    private final InstantSource clock;

    public CreditHooks(CreditLedger ledger, FeatureCosts costs, UsageStore usage, TaskStore tasks, InstantSource clock) {
        this.ledger = ledger;
        this.costs = costs;
        this.usage = usage;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public void admit(Task candidate, String sourceIp) {
        ledger.reserve(candidate.keyId(), candidate.id(), candidate.feature(), costs.reservation(candidate.feature()),
                sourceIp);
    }

    @Override
    public void withdraw(Task candidate) {
        ledger.release(candidate.id());
    }

    @Override
    public void finished(Task task) {
        if (task.state() == TaskState.SUCCESS || task.result() != null) {
            ledger.settle(task.id(), costs.charged(task.feature(), resultMetadata(task)))
                    .ifPresent(charge -> recordUsage(task, charge));
        } else if (task.state().isTerminal()) {
            java.util.Optional<Charge> released = ledger.release(task.id());
            released.ifPresent(c -> log.debug("task {} released {} units ({})", task.id(),
                    Units.decimal(c.amount()), task.state().dbName()));
            if (task.state() == TaskState.ERROR) {
                recordFailure(task, released.map(Charge::sourceIp).orElse(null));
            }
        }
    }

    /** Settles or releases charges the hooks missed, and writes off expired grants; returns how many it fixed. */
    public int reconcile() {
        int fixed = 0;
        Map<String, String> open = ledger.unsettled(clock.instant().minus(ORPHAN_AFTER), 100);
        for (Map.Entry<String, String> e : open.entrySet()) {
            Task task = tasks.find(e.getKey()).orElse(null);
            if (task != null) {
                finished(task);
            } else {
                ledger.release(e.getKey());
            }
            fixed++;
        }
        if (fixed > 0) {
            log.info("reconciled {} charge(s) whose task outcome was not applied", fixed);
        }
        ledger.expireGrants();
        return fixed;
    }

    private void recordUsage(Task task, Charge charge) {
        TaskResult result = task.result();
        Map<String, Object> meta = result == null ? Map.of() : result.metadata();
        TaskResult.Output first = result == null || result.outputs().isEmpty() ? null : result.outputs().getFirst();
        Instant settled = charge.closedAt() == null ? clock.instant() : charge.closedAt();
        Long queueMs = number(meta.get("queue_ms"));
        if (queueMs == null && task.startedAt() != null) {
            queueMs = Math.max(0, Duration.between(task.createdAt(), task.startedAt()).toMillis());
        }
        Long costMicros = null;
        Object cost = meta.containsKey("cost_usd") ? meta.get("cost_usd") : meta.get("cost");
        if (cost instanceof Number n) {
            costMicros = Math.round(n.doubleValue() * 1_000_000);
        }
        usage.record(new UsageRecord(Ids.next(), task.id(), task.keyId(), task.feature(), text(meta.get("engine")),
                text(meta.get("model")), text(meta.get("provider")), charge.amount(), costMicros, queueMs,
                number(meta.get("run_ms")), first == null ? null : first.width(), first == null ? null : first.height(),
                result == null ? 0 : result.outputs().size(), charge.sourceIp(), task.createdAt(), settled,
                UsageRecord.SUCCESS, null));
    }

    /** A failed task's audit row: no units, no cost, its error code (written once: task ids are unique). */
    private void recordFailure(Task task, String sourceIp) {
        Long runMs = task.startedAt() == null ? null
                : Math.max(0, Duration.between(task.startedAt(), clock.instant()).toMillis());
        Long queueMs = task.startedAt() == null ? null
                : Math.max(0, Duration.between(task.createdAt(), task.startedAt()).toMillis());
        usage.record(new UsageRecord(Ids.next(), task.id(), task.keyId(), task.feature(), null, null, null, 0, 0L,
                queueMs, runMs, null, null, 0, sourceIp, task.createdAt(), clock.instant(), UsageRecord.ERROR,
                task.errorCode()));
    }

    private static Map<String, Object> resultMetadata(Task task) {
        return task.result() == null ? Map.of() : task.result().metadata();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }
}
