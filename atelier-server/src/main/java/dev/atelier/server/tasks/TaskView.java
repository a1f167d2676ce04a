package dev.atelier.server.tasks;

import java.util.List;

/**
 * A task as a status response needs it: the record, its place in the queue, and result links freshly signed.
 *
 * @param queuePosition tasks ahead of it while queued, else -1
 * @param outputs       result files with fresh download URLs (empty unless successful)
 */
public record TaskView(Task task, int queuePosition, TaskResult result, List<OutputLink> outputs) {
    public record OutputLink(TaskResult.Output output, String url) {}
}
