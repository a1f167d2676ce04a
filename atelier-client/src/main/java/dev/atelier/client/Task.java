package dev.atelier.client;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
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
    private final ApiFamily family;
    private final long requestId;
    private final Consumer<TaskStatus> listener;

    Task(AtelierClient client, ApiFamily family, String id, String feature, long requestId,
            Consumer<TaskStatus> listener) {
        this.client = client;
        this.family = family;
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
        return Wire.status(family, id, fetch());
    }

    private JsonNode fetch() {
        try {
            return Wire.statusBody(family,
                    client.transport().getJson(Wire.statusPath(family, feature, id)));
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
        if (listener != null && client.progressEvents()) {
            followEvents();
        }
        while (true) {
            JsonNode body = fetch();
            TaskStatus status = Wire.status(family, id, body);
            if (listener != null) {
                listener.accept(status);
            }
            switch (status.state()) {
                case SUCCESS -> {
                    return new TaskResult(client, id, feature, Wire.outputs(family, body), Wire.metadata(body));
                }
                case ERROR -> throw new TaskFailedException(id, Wire.errorCode(body), Wire.errorMessage(body));
                case RUNNING -> Transport.sleep(client.pollDelay(status.pollingInterval()));
            }
        }
    }

    /**
     * Hands the task's server-sent events to the listener until one says the task ended (the status poll that
     * follows then reads the result in the family's shape). Returns early, and {@link #await()} polls instead, when
     * the server has no stream for it, the stream breaks or ends without an outcome: progress is a convenience, the
     * result must not depend on it. An open stream counts as polling on Atelier, so the task does not expire.
     */
    private void followEvents() {
        Optional<Stream<String>> opened = client.transport().openEvents(Wire.eventsPath(family, feature, id));
        if (opened.isEmpty()) {
            return;
        }
        try (Stream<String> lines = opened.get()) {
            String[] event = {null};
            StringBuilder data = new StringBuilder();
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event[0] = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && event[0] != null) {
                    if (!event[0].equals("queued") && !event[0].equals("running")) {
                        return; // success, error or gone: the next poll reads it
                    }
                    listener.accept(Wire.eventStatus(id, Transport.JSON.readTree(data.toString())));
                    event[0] = null;
                    data.setLength(0);
                }
            }
        } catch (UncheckedIOException | JacksonException e) {
            // the stream broke or carried something unreadable: polling takes over
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
