package dev.atelier.client;

/** What a status poll says about a task (queued tasks are {@code running} on the wire). */
public enum TaskState {
    /** Queued or running: poll again after {@link TaskStatus#pollingInterval()}. */
    RUNNING,
    /** Finished with results. */
    SUCCESS,
    /** Finished with an engine error. */
    ERROR;

    static TaskState fromWire(String s) {
        return switch (s == null ? "" : s) {
            case "success" -> SUCCESS;
            case "error" -> ERROR;
            case "running", "queued", "processing" -> RUNNING;
            default -> throw new IllegalStateException("unexpected task status '" + s + "' from the server");
        };
    }
}
