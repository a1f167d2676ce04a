package dev.atelier.server.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's signal that a task reached its outcome, fed by the task hooks (the worker calls them after the final
 * transition). A synchronous caller waits on it instead of reading the store in a loop; a task that runs on another
 * node never signals here, which is why {@link TaskService#awaitOutcome} keeps a slow store check as a fallback.
 */
final class TaskCompletions implements TaskHooks {
    private final ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** The signal for {@code taskId}; register before the first read so an outcome in between is not missed. */
    CompletableFuture<Void> watch(String taskId) {
        return waiting.computeIfAbsent(taskId, id -> new CompletableFuture<>());
    }

    void forget(String taskId) {
        waiting.remove(taskId);
    }

    @Override
    public void finished(Task task) {
        CompletableFuture<Void> signal = waiting.remove(task.id());
        if (signal != null) {
            signal.complete(null);
        }
    }
}
