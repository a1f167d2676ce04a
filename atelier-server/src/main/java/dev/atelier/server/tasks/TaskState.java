package dev.atelier.server.tasks;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a task, with the one table of allowed transitions.
 *
 * <pre>
 * queued ──► running ──► success ──► expired ──► deleted
 *   │          │  └────► error ─────┘   ▲           ▲
 *   │          └─► queued (lease lost)  │           │
 *   └──────────────────────────────────►┘  success/error ─► deleted
 * </pre>
 */
public enum TaskState {
    QUEUED,
    RUNNING,
    SUCCESS,
    ERROR,
    /** Not polled within the polling window (CONTRACTS D.4); later polls answer {@code InvalidTaskId}. */
    EXPIRED,
    /** Removed by {@code task/delete} or retention; only the record's tombstone remains. */
    DELETED;

    private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, EXPIRED, ERROR),
            // RUNNING → QUEUED: a worker lost its lease (crashed node); another worker retries the task.
            RUNNING, EnumSet.of(SUCCESS, ERROR, EXPIRED, QUEUED),
            SUCCESS, EnumSet.of(EXPIRED, DELETED),
            ERROR, EnumSet.of(EXPIRED, DELETED),
            EXPIRED, EnumSet.of(DELETED),
            DELETED, EnumSet.noneOf(TaskState.class));

    public boolean canMoveTo(TaskState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Throws {@link IllegalTransitionException} unless {@code from → to} is in the table. */
    public static void check(TaskState from, TaskState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(from, to);
        }
    }

    /** No more work will happen: the outcome is known. */
    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Status requests for a task in this state answer {@code InvalidTaskId}. */
    public boolean isGone() {
        return this == EXPIRED || this == DELETED;
    }

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TaskState fromDb(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
