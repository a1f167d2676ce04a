package dev.atelier.server.tasks;

/** A transition the {@link TaskState} table does not allow: a bug in the caller, never a client error. */
public final class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(TaskState from, TaskState to) {
        super("task state " + from + " cannot move to " + to);
    }
}
