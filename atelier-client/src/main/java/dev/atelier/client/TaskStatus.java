package dev.atelier.client;

import java.time.Duration;

/**
 * One status poll of a task, as given to progress listeners.
 *
 * @param taskId          the task
 * @param state           running, success or error
 * @param progress        0..1 when the server reports progress (Atelier does), else 0
 * @param stage           what the task is doing now (e.g. {@code loading inputs}), or null
 * @param queuePosition   tasks ahead of this one while it is queued, or -1
 * @param pollingInterval how long the server asks clients to wait before the next poll
 */
public record TaskStatus(String taskId, TaskState state, double progress, String stage, int queuePosition,
        Duration pollingInterval) {}
