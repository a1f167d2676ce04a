package dev.atelier.server.tasks;

import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.memory.MemoryBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;

/** Builds the task service and this node's workers, wired to each other. */
public record TaskSystem(TaskService service, WorkerPool workers, LeaseRecovery leases, PollLedger polls) {

    /**
     * What the task system needs to know from the settings.
     *
     * @param lease       how long a claim holds a task without renewal (renewed while it runs)
     * @param maxAttempts runs a task may start before a lost lease ends it as an error instead of a retry
     * @param memory      the heap budget image runs are admitted against before they decode
     * @param cacheTtl    how long this node serves a finished task's status from memory before reading it again
     *                    (a deletion on another node shows within it)
     */
    public record Config(int workers, int queueCapacity, Duration pollingWindow, Duration taskTimeout,
            Duration lease, int maxAttempts, DecodeLimits decodeLimits, MemoryBudget memory, String nodeId,
            Duration cacheTtl, Duration downloadUrlTtl) {}

    public static TaskSystem create(TaskStore store, Effects effects, FileService files, SafeFetcher fetcher,
            InstantSource clock, MeterRegistry meters, Config config) {
        return create(store, effects, files, fetcher, clock, meters, config, TaskHooks.NONE);
    }

    /** As above, with {@code hooks} told about admissions, progress and outcomes (credits, webhooks, events). */
    public static TaskSystem create(TaskStore store, Effects effects, FileService files, SafeFetcher fetcher,
            InstantSource clock, MeterRegistry meters, Config config, TaskHooks hooks) {
        TaskCompletions completions = new TaskCompletions();
        TaskHooks all = TaskHooks.all(java.util.List.of(hooks, completions)); // the signal last: credits settled first
        TaskRunner runner = new TaskRunner(store, effects, files, fetcher, clock, config.decodeLimits(), config.memory(),
                config.taskTimeout(), new TaskMetrics(meters), all);
        WorkerPool pool = new WorkerPool(store, runner, clock, config.workers(), config.lease(), config.nodeId());
        PollLedger polls = new PollLedger(store);
        io.micrometer.core.instrument.Gauge.builder("atelier_task_memory_claimed_bytes", config.memory(),
                m -> m.used()).description("heap claimed by running image tasks (ATELIER_TASK_MEMORY)")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder("atelier_task_memory_waiting", config.memory(),
                m -> m.waiting()).description("image tasks waiting for heap to be admitted").register(meters);
        io.micrometer.core.instrument.Gauge.builder("atelier_task_memory_budget_bytes", config.memory(),
                m -> m.total()).description("ATELIER_TASK_MEMORY: heap image tasks may claim at once")
                .register(meters);
        FinishedViews finished = new FinishedViews(config.cacheTtl(), config.downloadUrlTtl(), config.pollingWindow());
        FunctionCounter.builder("atelier_status_polls_from_memory", finished, FinishedViews::answeredFromMemory)
                .description("status polls of finished tasks answered without reading the database")
                .register(meters);
        TaskService service = new TaskService(store, effects, files, clock, config.pollingWindow(),
                config.queueCapacity(), pool::wake, all, polls, finished, completions, config.nodeId());
        return new TaskSystem(service, pool, new LeaseRecovery(store, clock, config.maxAttempts(), pool::wake, all),
                polls);
    }
}
