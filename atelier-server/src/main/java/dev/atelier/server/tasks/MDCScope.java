package dev.atelier.server.tasks;

import org.slf4j.MDC;

/** Puts the task id into the logging context for the duration of a run, so every log line names its task. */
final class MDCScope implements AutoCloseable {
    private MDCScope() {}

    static MDCScope task(String taskId) {
        MDC.put("task", taskId);
        return new MDCScope();
    }

    @Override
    public void close() {
        MDC.remove("task");
    }
}
