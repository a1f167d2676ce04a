package dev.atelier.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A task being described, then run: the options every feature shares (output format, {@code request_id}, a progress
 * listener) and the three ways to run it. A call is a builder: configure it on one thread, then run it; each run
 * takes a snapshot, so one call can run several times (with a new {@code request_id} each time unless one was set).
 *
 * @param <S> the concrete call type, returned by the fluent setters
 */
public abstract sealed class EffectCall<S extends EffectCall<S>> permits TaskCall, Enhance, ColorCorrect, Lighting,
        RemoveObject, RemoveBackground, BlurBackground, ReplaceBackground, FacePreProcess, TextToImage, TextToImageV2,
        ImageToImage, VideoEnhance {
    final AtelierClient client;
    final String legacyPath;
    final String v2Path;
    final List<Input> sources = new ArrayList<>();
    final List<Input> refs = new ArrayList<>();
    final List<Input> masks = new ArrayList<>();
    final Map<String, Object> params = new LinkedHashMap<>();
    private String outputFormat;
    private Long requestId;
    private Consumer<TaskStatus> listener;

    EffectCall(AtelierClient client, String feature) {
        this(client, feature, feature);
    }

    /** A feature whose path differs between the families (e.g. {@code color-correct} / {@code colorize/color-correct}). */
    EffectCall(AtelierClient client, String legacyPath, String v2Path) {
        this.client = client;
        this.legacyPath = Objects.requireNonNull(legacyPath, "legacyPath");
        this.v2Path = Objects.requireNonNull(v2Path, "v2Path");
    }

    abstract S self();

    /** Checks the call is complete before anything is sent; typed calls override it for required parameters. */
    void check() {}

    /** True for features that exist only on the v2 routes. */
    boolean v2Only() {
        return false;
    }

    /** The snapshot {@link #submit()} and {@link #runAsync()} send. */
    private Submission snapshot() {
        check();
        return new Submission(legacyPath, v2Path, v2Only(), List.copyOf(sources), List.copyOf(refs),
                List.copyOf(masks), new LinkedHashMap<>(params), outputFormat, requestId, listener);
    }

    /** The output format ({@code output_ext}); the feature's default when not set. */
    public S outputFormat(OutputFormat format) {
        this.outputFormat = format.wire();
        return self();
    }

    /**
     * Fixes the {@code request_id} instead of letting the client pick a fresh one. Resubmitting the same id with the
     * same inputs returns the task it created first, without running or charging again.
     */
    public S requestId(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("request_id must be non-negative, got " + id);
        }
        this.requestId = id;
        return self();
    }

    /**
     * Called with the task's progress (state, fraction, stage, queue position): from its server-sent event stream as
     * changes happen, or after every status poll when the server has no stream (or
     * {@link AtelierClient.Builder#progressEvents(boolean)} is off), and once more with the final status. Runs on the
     * waiting thread; keep it quick.
     */
    public S onProgress(Consumer<TaskStatus> progressListener) {
        this.listener = progressListener;
        return self();
    }

    /**
     * Uploads local inputs, submits the task and returns at once. Call {@link Task#await()} promptly.
     *
     * @throws RequestException    when the server refuses the request (bad parameter, unknown feature, credentials)
     * @throws ConnectionException when the server cannot be reached
     */
    public Task submit() {
        return client.submit(snapshot());
    }

    /**
     * Uploads, submits, polls until done and returns the result: the blocking style.
     *
     * @throws TaskFailedException when the task fails with an engine code
     * @throws RequestException    when the server refuses a request
     * @throws ConnectionException when the server cannot be reached
     */
    public TaskResult run() {
        return submit().await();
    }

    /**
     * {@link #run()} on the client's executor (virtual threads by default): the future completes with the result or
     * exceptionally with an {@link AtelierException}.
     */
    public CompletableFuture<TaskResult> runAsync() {
        Submission s = snapshot();
        return CompletableFuture.supplyAsync(() -> client.submit(s).await(), client.executor());
    }

    /** A snapshot of a call, taken when it is submitted. */
    record Submission(String legacyPath, String v2Path, boolean v2Only, List<Input> sources, List<Input> refs,
            List<Input> masks,
            Map<String, Object> params, String outputFormat, Long requestId, Consumer<TaskStatus> listener) {}
}
