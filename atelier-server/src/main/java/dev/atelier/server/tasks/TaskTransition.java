package dev.atelier.server.tasks;

import java.time.Instant;

/**
 * One compare-and-set state change: applied only when the task is still in {@code from} (and, when
 * {@code leaseOwner} is given, still leased by that worker).
 */
public record TaskTransition(
        String taskId,
        TaskState from,
        TaskState to,
        Instant at,
        String leaseOwner,
        String errorCode,
        String errorMessage,
        TaskResult result) {

    public TaskTransition {
        TaskState.check(from, to);
    }

    public static TaskTransition of(String taskId, TaskState from, TaskState to, Instant at) {
        return new TaskTransition(taskId, from, to, at, null, null, null, null);
    }
}
