package dev.atelier.client;

/**
 * A task ran and failed: the status said {@code error} with an engine code (CONTRACTS A.8 E.2), or the task
 * exceeded the server's time budget ({@link TaskError#TASK_TIMEOUT}).
 */
public final class TaskFailedException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final String taskId;
    private final TaskError code;
    private final String wireCode;
    private final String serverMessage;

    TaskFailedException(String taskId, String wireCode, String serverMessage) {
        super("task " + taskId + " failed: " + wireCode + (serverMessage == null ? "" : " (" + serverMessage + ")"),
                null);
        this.taskId = taskId;
        this.wireCode = wireCode;
        this.code = TaskError.fromWire(wireCode);
        this.serverMessage = serverMessage;
    }

    /** The id of the failed task. */
    public String taskId() {
        return taskId;
    }

    /** The engine code as a value; {@link TaskError#UNKNOWN} for a code this SDK does not know. */
    public TaskError code() {
        return code;
    }

    /** The engine code exactly as sent, e.g. {@code error_decode_image}. */
    public String wireCode() {
        return wireCode;
    }

    /** The server's {@code error_message}, or null. */
    public String serverMessage() {
        return serverMessage;
    }
}
