package dev.atelier.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A task the server accepted. Wait for it with {@link #await()} soon after {@link EffectCall#submit()}: the server
 * expires a task nobody polls for 10 s (its polling window), and {@code await} polls at the server's
 * {@code polling_interval} so that never happens.
 */
public final class Task {
    private final AtelierClient client;
    private final String id;
    private final String feature;
    private final long requestId;
    private final Consumer<TaskStatus> listener;

    Task(AtelierClient client, String id, String feature, long requestId, Consumer<TaskStatus> listener) {
        this.client = client;
        this.id = id;
        this.feature = feature;
        this.requestId = requestId;
        this.listener = listener;
    }

    /** The task id. */
    public String id() {
        return id;
    }

    /** The feature path the task was run on. */
    public String feature() {
        return feature;
    }

    /** The {@code request_id} it was submitted with (every retry used the same one). */
    public long requestId() {
        return requestId;
    }

    /** Polls once (which counts as a poll for the polling window) and returns the status. */
    public TaskStatus poll() {
        return Wire.status(client.family(), id, fetch());
    }

    private JsonNode fetch() {
        try {
            return Wire.statusBody(client.family(),
                    client.transport().getJson(Wire.statusPath(client.family(), feature, id)));
        } catch (RequestException e) {
            if (e.code() == ErrorCode.TASK_TIMEOUT) {
                throw new TaskFailedException(id, "TaskTimeout", e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Polls until the task finishes and returns its result.
     *
     * @throws TaskFailedException when the task ends with an engine error or times out on the server
     * @throws RequestException    when a poll is refused, e.g. {@link ErrorCode#INVALID_TASK_ID} after the task expired
     */
    public TaskResult await() {
        while (true) {
            JsonNode body = fetch();
            TaskStatus status = Wire.status(client.family(), id, body);
            if (listener != null) {
                listener.accept(status);
            }
            switch (status.state()) {
                case SUCCESS -> {
                    return new TaskResult(client, id, feature, Wire.outputs(client.family(), body), Wire.metadata(body));
                }
                case ERROR -> throw new TaskFailedException(id, Wire.errorCode(body), Wire.errorMessage(body));
                case RUNNING -> Transport.sleep(client.pollDelay(status.pollingInterval()));
            }
        }
    }

    /** {@link #await()} on the client's executor. */
    public CompletableFuture<TaskResult> awaitAsync() {
        return CompletableFuture.supplyAsync(this::await, client.executor());
    }

    @Override
    public String toString() {
        return "Task[" + id + ", " + feature + ", request_id " + requestId + "]";
    }

    static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
