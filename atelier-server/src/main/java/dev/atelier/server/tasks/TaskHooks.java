package dev.atelier.server.tasks;

import java.util.List;

/**
 * The seam through which other concerns (credits, usage, webhooks, live progress) follow the task lifecycle without
 * the task system knowing them. Every method has a do-nothing default; {@link #all} chains several.
 *
 * <p>Calls happen on the node that made the change, after the change is stored. A node can stop between the change
 * and the call, so implementations that must not miss one also reconcile from the database.
 */
public interface TaskHooks {
    TaskHooks NONE = new TaskHooks() {};

    /**
     * A new task is about to be stored: refuse it by throwing an {@link dev.atelier.server.errors.Refusal} (for
     * example {@code CreditInsufficiency}). A retried {@code request_id} returns the existing task without a call.
     *
     * @param sourceIp the client address the request came from, or null when unknown
     */
    default void admit(Task candidate, String sourceIp) {}

    /** An admitted candidate was not stored after all (a concurrent retry won, or storing failed): undo the admit. */
    default void withdraw(Task candidate) {}

    /** Whether this key's tasks are exempt from the polling window because someone is notified instead. */
    default boolean exemptFromPolling(String keyId) {
        return false;
    }

    /** A running task reported progress (on the node running it, at most every 250 ms). */
    default void progressed(Task task, double fraction, String stage) {}

    /**
     * A task reached an outcome or left the visible world: success, error, expired or deleted. {@code task} is the
     * record as stored after the transition.
     */
    default void finished(Task task) {}

    /** Calls each of {@code hooks} in order; a failing hook does not stop the others. */
    static TaskHooks all(List<TaskHooks> hooks) {
        List<TaskHooks> list = List.copyOf(hooks);
        return new TaskHooks() {
            @Override
            public void admit(Task candidate, String sourceIp) {
                int admitted = 0;
                try {
                    for (TaskHooks h : list) {
                        h.admit(candidate, sourceIp);
                        admitted++;
                    }
                } catch (RuntimeException e) {
                    for (int i = 0; i < admitted; i++) {
                        list.get(i).withdraw(candidate);
                    }
                    throw e;
                }
            }

            @Override
            public void withdraw(Task candidate) {
                list.forEach(h -> guarded(() -> h.withdraw(candidate)));
            }

            @Override
            public boolean exemptFromPolling(String keyId) {
                return list.stream().anyMatch(h -> h.exemptFromPolling(keyId));
            }

            @Override
            public void progressed(Task task, double fraction, String stage) {
                list.forEach(h -> guarded(() -> h.progressed(task, fraction, stage)));
            }

            @Override
            public void finished(Task task) {
                list.forEach(h -> guarded(() -> h.finished(task)));
            }
        };
    }

    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(TaskHooks.class).warn("a task hook failed", e);
        }
    }
}
