package dev.atelier.server.tasks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Task metrics named for what operators watch: queue time, run time by feature and outcome, tasks in progress. */
public final class TaskMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();

    public TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("atelier_tasks_running", running);
    }

    void queued(Task task, Instant startedAt) {
        running.incrementAndGet();
        Timer.builder("atelier_task_queue_seconds").description("time from submit to start")
                .tag("feature", task.feature())
                .register(registry)
                .record(Duration.between(task.createdAt(), startedAt).abs());
    }

    void finished(String feature, String outcome, Duration runTime) {
        running.decrementAndGet();
        Timer.builder("atelier_task_run_seconds").description("time from start to outcome")
                .tag("feature", feature)
                .tag("outcome", outcome)
                .register(registry)
                .record(runTime);
    }
}
