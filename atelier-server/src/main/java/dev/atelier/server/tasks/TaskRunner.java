package dev.atelier.server.tasks;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImagingException;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.errors.TaskFailure;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.files.StoredFile;
import dev.atelier.server.memory.MemoryBudget;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed task: loads and checks its inputs (CONTRACTS D.7) before any engine runs, calls the effect,
 * encodes and stores the outputs as result files, and records the outcome with a compare-and-set transition (a task
 * that expired meanwhile keeps its expired state and its outputs are discarded).
 */
final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final long PROGRESS_WRITE_INTERVAL_NANOS = 250_000_000L;

    private final TaskStore tasks;
    private final Effects effects;
    private final FileService files;
    private final SafeFetcher fetcher;
    private final InstantSource clock;
    private final RunPipeline pipeline;
    private final Duration timeout;
    private final TaskMetrics metrics;
    private final TaskHooks hooks;
    private final VideoRun videoRun;

    TaskRunner(TaskStore tasks, Effects effects, FileService files, SafeFetcher fetcher, InstantSource clock,
            DecodeLimits decodeLimits, MemoryBudget memory, Duration timeout, TaskMetrics metrics, TaskHooks hooks) {
        this.hooks = hooks;
        this.tasks = tasks;
        this.effects = effects;
        this.files = files;
        this.fetcher = fetcher;
        this.clock = clock;
        this.pipeline = new RunPipeline(decodeLimits, memory);
        this.timeout = timeout;
        this.metrics = metrics;
        this.videoRun = new VideoRun(files, fetcher, clock);
    }

    /** Thrown through the engine by the progress callback to stop work. */
    private static final class Stop extends RuntimeException {
        final boolean timedOut;

        Stop(boolean timedOut) {
            super(null, null, false, false);
            this.timedOut = timedOut;
        }
    }

    void run(Task task, String owner) {
        long startNanos = System.nanoTime();
        metrics.queued(task, clock.instant());
        MDCScope mdc = MDCScope.task(task.id());
        try (mdc) {
            Outcome outcome = execute(task, owner, startNanos);
            metrics.finished(task.feature(), outcome.code(), Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private record Outcome(String code) {}

    private Outcome execute(Task task, String owner, long startNanos) {
        TaskRequest request = task.request();
        Effect effect = effects.byFeature(task.feature()).orElse(null);
        if (effect == null) {
            return fail(task, owner, TaskFailure.of(EngineCode.UNKNOWN_INTERNAL_ERROR,
                    "feature " + task.feature() + " is not offered by this server any more"));
        }
        log.info("task {} running: {}", task.id(), task.feature());
        try {
            Progress progress = progressFor(task, startNanos);
            RunPipeline.Checkpoint checkpoint = step -> stopWhenOutOfTime(startNanos);
            TaskResult result;
            if (effect instanceof VideoEffect video) { // a video is streamed through its own run, not decoded here
                progress.report(0.0, "loading inputs");
                result = withTiming(task, videoRun.run(task, request, video, progress), startNanos);
            } else {
                RunPipeline.Checked checked = RunPipeline.checkedAtSubmit(effect, request.params(),
                        request.outputFormat());
                TaskRequest.Inputs in = request.inputs();
                RunPipeline.Result out = pipeline.run(checked, in.sources(), in.refs(), in.masks(),
                        (ref, mask) -> mask ? fetchMask(task.keyId(), ref) : fetchImage(task.keyId(), ref), progress,
                        checkpoint);
                result = store(task, out, startNanos);
            }
            stopWhenOutOfTime(startNanos); // storing counts against the time budget too
            boolean done = tasks.transition(new TaskTransition(task.id(), TaskState.RUNNING, TaskState.SUCCESS,
                    clock.instant(), owner, null, null, result));
            if (done) {
                log.info("task {} succeeded in {} ms", task.id(), (System.nanoTime() - startNanos) / 1_000_000);
                finished(task.id()); // settles the reserved units, queues webhooks
                return new Outcome("success");
            }
            log.info("task {} finished after it expired; its outputs are discarded", task.id());
            return new Outcome("expired");
        } catch (Stop stop) {
            if (stop.timedOut) {
                return fail(task, owner,
                        TaskFailure.timedOut("the task took longer than " + timeout.toSeconds() + " s"));
            }
            log.info("task {} stopped: it is no longer running (expired)", task.id());
            return new Outcome("expired");
        } catch (EngineException e) {
            return fail(task, owner, TaskFailure.of(e));
        } catch (ImagingException e) {
            return fail(task, owner, TaskFailure.of(RunPipeline.codeOf(e), e.getMessage()));
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            log.error("task {} failed unexpectedly", task.id(), e);
            return fail(task, owner, TaskFailure.of(EngineCode.UNKNOWN_INTERNAL_ERROR,
                    "internal error (" + e.getClass().getSimpleName() + "); the server log has details"));
        }
    }

    private Outcome fail(Task task, String owner, TaskFailure failure) {
        String code = failure.code().wire();
        String message = failure.storedMessage();
        boolean done = tasks.transition(new TaskTransition(task.id(), TaskState.RUNNING, TaskState.ERROR,
                clock.instant(), owner, code, message, null));
        log.info("task {} failed: {} ({}){}", task.id(), code, message, done ? "" : " — it had already expired");
        if (done) {
            finished(task.id()); // releases the reserved units, queues webhooks
        }
        return new Outcome(done ? code : "expired");
    }

    private void stopWhenOutOfTime(long startNanos) {
        if (System.nanoTime() - startNanos > timeout.toNanos()) {
            throw new Stop(true);
        }
    }

    private void finished(String taskId) {
        try {
            tasks.find(taskId).ifPresent(hooks::finished);
        } catch (RuntimeException e) {
            log.warn("task {}: telling the hooks about its outcome failed (they reconcile later)", taskId, e);
        }
    }

    /** Reports progress at most every 250 ms, stops work when the task expired or ran out of time. */
    private Progress progressFor(Task task, long startNanos) {
        long[] lastWrite = {0};
        double[] last = {0};
        return (fraction, stage) -> {
            long now = System.nanoTime();
            if (now - startNanos > timeout.toNanos()) {
                throw new Stop(true);
            }
            double f = Math.max(last[0], Math.clamp(fraction, 0.0, 1.0));
            last[0] = f;
            if (now - lastWrite[0] >= PROGRESS_WRITE_INTERVAL_NANOS) {
                lastWrite[0] = now;
                if (!tasks.progress(task.id(), f, stage, clock.instant())) {
                    throw new Stop(false);
                }
                hooks.progressed(task, f, stage);
            }
        };
    }

    private byte[] fetchImage(String keyId, TaskRequest.InputRef ref) throws IOException {
        return fetch(keyId, ref, EngineCode.ERROR_DOWNLOAD_IMAGE);
    }

    private byte[] fetchMask(String keyId, TaskRequest.InputRef ref) throws IOException {
        return fetch(keyId, ref, EngineCode.ERROR_DOWNLOAD_MASK);
    }

    private byte[] fetch(String keyId, TaskRequest.InputRef ref, EngineCode downloadError) throws IOException {
        return switch (ref) {
            case TaskRequest.InputRef.File(String fileId) -> readOwnFile(keyId, fileId, downloadError);
            case TaskRequest.InputRef.Url(String url) -> download(url, downloadError);
        };
    }

    private byte[] readOwnFile(String keyId, String fileId, EngineCode downloadError) throws IOException {
        StoredFile f = files.find(fileId)
                .filter(x -> x.keyId().equals(keyId) && !x.expiredAt(clock.instant()))
                .orElseThrow(() -> downloadError.exception("input file " + fileId + " no longer exists"));
        byte[] bytes = files.read(f);
        if (bytes.length > files.maxBytes()) {
            throw EngineCode.EXCEED_MAX_FILESIZE.exception("the input is " + bytes.length + " bytes; the limit is "
                    + files.maxBytes());
        }
        return bytes;
    }

    private byte[] download(String url, EngineCode downloadError) throws IOException {
        try {
            return fetcher.fetch(url, files.maxBytes()).bytes();
        } catch (SafeFetcher.FetchException e) {
            if (e.getMessage().contains("larger than the limit") || e.getMessage().contains("; the limit is")) {
                throw EngineCode.EXCEED_MAX_FILESIZE.exception(e.getMessage());
            }
            throw downloadError.exception(e.getMessage());
        }
    }

    private TaskResult store(Task task, RunPipeline.Result out, long startNanos) throws IOException {
        List<TaskResult.Output> outputs = new ArrayList<>();
        int i = 0;
        for (RunPipeline.Encoded e : out.outputs()) {
            ImageFormat format = e.format();
            StoredFile f = files.storeResult(task.keyId(), task.feature(), e.bytes(), format.mimeType(),
                    task.feature() + "-" + task.id().substring(0, 8) + (i == 0 ? "" : "-" + i) + "." + format.extension(),
                    e.width(), e.height());
            outputs.add(new TaskResult.Output(f.id(), format.extension(), e.width(), e.height(), e.extras()));
            i++;
        }
        return withTiming(task, new TaskResult(outputs, out.metadata()), startNanos);
    }

    /** The result with {@code run_ms} and {@code queue_ms} added to its metadata. */
    private static TaskResult withTiming(Task task, TaskResult result, long startNanos) {
        Map<String, Object> metadata = new LinkedHashMap<>(result.metadata());
        metadata.put("run_ms", (System.nanoTime() - startNanos) / 1_000_000);
        Instant started = task.startedAt();
        if (started != null) {
            metadata.put("queue_ms", Math.max(0, Duration.between(task.createdAt(), started).toMillis()));
        }
        return new TaskResult(result.outputs(), metadata);
    }
}
