package dev.atelier.server.tasks;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImageInfo;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.EngineError;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.files.StoredFile;
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
    /** The wire code of a task that exceeded its time budget (a 500 on status, CONTRACTS A.8). */
    static final String TASK_TIMEOUT = "TaskTimeout";

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final long PROGRESS_WRITE_INTERVAL_NANOS = 250_000_000L;

    private final TaskStore tasks;
    private final Effects effects;
    private final FileService files;
    private final SafeFetcher fetcher;
    private final InstantSource clock;
    private final DecodeLimits decodeLimits;
    private final Duration timeout;
    private final TaskMetrics metrics;
    private final TaskHooks hooks;
    private final VideoRun videoRun;

    TaskRunner(TaskStore tasks, Effects effects, FileService files, SafeFetcher fetcher, InstantSource clock,
            DecodeLimits decodeLimits, Duration timeout, TaskMetrics metrics, TaskHooks hooks) {
        this.hooks = hooks;
        this.tasks = tasks;
        this.effects = effects;
        this.files = files;
        this.fetcher = fetcher;
        this.clock = clock;
        this.decodeLimits = decodeLimits;
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
            return fail(task, owner, EngineError.UNKNOWN_INTERNAL_ERROR.wire(),
                    "feature " + task.feature() + " is not offered by this server any more");
        }
        log.info("task {} running: {}", task.id(), task.feature());
        try {
            Progress progress = progressFor(task, startNanos);
            progress.report(0.0, "loading inputs");
            TaskResult result = effect instanceof VideoEffect video
                    ? withTiming(task, videoRun.run(task, request, video, progress), startNanos)
                    : runOnImages(task, request, effect, progress, startNanos);
            if (Duration.ofNanos(System.nanoTime() - startNanos).compareTo(timeout) > 0) {
                throw new Stop(true);
            }
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
                return fail(task, owner, TASK_TIMEOUT, "the task took longer than " + timeout.toSeconds() + " s");
            }
            log.info("task {} stopped: it is no longer running (expired)", task.id());
            return new Outcome("expired");
        } catch (EngineException e) {
            return fail(task, owner, e.code(), e.getMessage());
        } catch (ImagingException e) {
            return fail(task, owner, e.error() == ImagingError.TOO_MANY_PIXELS
                    ? EngineError.ERROR_EXCEED_MAX_IMAGE_SIZE.wire() : EngineError.UNKNOWN_INTERNAL_ERROR.wire(),
                    e.getMessage());
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            log.error("task {} failed unexpectedly", task.id(), e);
            return fail(task, owner, EngineError.UNKNOWN_INTERNAL_ERROR.wire(),
                    "internal error (" + e.getClass().getSimpleName() + "); the server log has details");
        }
    }

    private TaskResult runOnImages(Task task, TaskRequest request, Effect effect, Progress progress, long startNanos)
            throws IOException {
        InputSpec spec = effect.spec().input();
        List<Image> sources = load(task.keyId(), request.inputs().sources(), spec, false);
        List<Image> refs = load(task.keyId(), request.inputs().refs(), spec, false);
        List<Image> masks = load(task.keyId(), request.inputs().masks(), spec, true);
        for (Image m : masks) {
            Image src = sources.getFirst();
            if (m.width() != src.width() || m.height() != src.height()) {
                throw EngineError.SIZE_MISMATCH_ON_INPUT_IMAGE_AND_MASK.exception("the mask is " + m.width() + "x"
                        + m.height() + " but the source is " + src.width() + "x" + src.height());
            }
        }
        EffectOutput out = effect.run(new EffectInput(sources, refs, masks, request.params()),
                progress.slice(0.1, 0.9));
        progress.report(0.9, "saving results");
        return store(task, request.outputFormat(), effect.outputQuality(request.params()), out, startNanos);
    }

    private Outcome fail(Task task, String owner, String code, String message) {
        boolean done = tasks.transition(new TaskTransition(task.id(), TaskState.RUNNING, TaskState.ERROR,
                clock.instant(), owner, code, message, null));
        log.info("task {} failed: {} ({}){}", task.id(), code, message, done ? "" : " — it had already expired");
        if (done) {
            finished(task.id()); // releases the reserved units, queues webhooks
        }
        return new Outcome(done ? code : "expired");
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

    private List<Image> load(String keyId, List<TaskRequest.InputRef> refs, InputSpec spec, boolean mask)
            throws IOException {
        List<Image> images = new ArrayList<>();
        for (TaskRequest.InputRef ref : refs) {
            byte[] bytes = mask ? fetchMask(keyId, ref) : fetchImage(keyId, ref);
            images.add(decode(bytes, spec, mask, decodeLimits));
        }
        return images;
    }

    private byte[] fetchImage(String keyId, TaskRequest.InputRef ref) throws IOException {
        return fetch(keyId, ref, EngineError.ERROR_DOWNLOAD_IMAGE);
    }

    private byte[] fetchMask(String keyId, TaskRequest.InputRef ref) throws IOException {
        return fetch(keyId, ref, EngineError.ERROR_DOWNLOAD_MASK);
    }

    private byte[] fetch(String keyId, TaskRequest.InputRef ref, EngineError downloadError) throws IOException {
        if (ref.fileId() != null) {
            StoredFile f = files.find(ref.fileId())
                    .filter(x -> x.keyId().equals(keyId) && !x.expiredAt(clock.instant()))
                    .orElseThrow(() -> downloadError.exception("input file " + ref.fileId() + " no longer exists"));
            byte[] bytes = files.read(f);
            if (bytes.length > files.maxBytes()) {
                throw EngineError.EXCEED_MAX_FILESIZE.exception("the input is " + bytes.length + " bytes; the limit is "
                        + files.maxBytes());
            }
            return bytes;
        }
        try {
            return fetcher.fetch(ref.url(), files.maxBytes()).bytes();
        } catch (SafeFetcher.FetchException e) {
            if (e.getMessage().contains("larger than the limit") || e.getMessage().contains("; the limit is")) {
                throw EngineError.EXCEED_MAX_FILESIZE.exception(e.getMessage());
            }
            throw downloadError.exception(e.getMessage());
        }
    }

    /** Decodes one input with the limits and size rules every run applies (also {@link DirectRun}'s). */
    static Image decode(byte[] bytes, InputSpec spec, boolean mask, DecodeLimits decodeLimits) {
        EngineError decodeError = mask ? EngineError.ERROR_DECODE_MASK : EngineError.ERROR_DECODE_IMAGE;
        try {
            ImageInfo info = Codecs.probe(bytes);
            checkSize(info.width(), info.height(), spec);
            Image image = Codecs.decode(bytes, decodeLimits);
            checkSize(image.width(), image.height(), spec);
            return mask ? toMask(image) : image;
        } catch (ImagingException e) {
            throw switch (e.error()) {
                case TOO_MANY_PIXELS, TOO_MANY_BYTES -> EngineError.ERROR_EXCEED_MAX_IMAGE_SIZE.exception(e.getMessage());
                default -> decodeError.exception(e.getMessage());
            };
        }
    }

    private static void checkSize(int width, int height, InputSpec spec) {
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        if (longSide > spec.maxLongSide()) {
            throw EngineError.ERROR_EXCEED_MAX_IMAGE_SIZE.exception("the image is " + width + "x" + height
                    + "; the long side may be at most " + spec.maxLongSide() + " px");
        }
        if (shortSide < spec.minShortSide()) {
            throw EngineError.ERROR_BELOW_MIN_IMAGE_SIZE.exception("the image is " + width + "x" + height
                    + "; the short side must be at least " + spec.minShortSide() + " px");
        }
    }

    /** A greyscale mask from any decoded image: luma of the colour, times alpha when there is one. */
    private static Image toMask(Image image) {
        if (image.channels() == 1) {
            return image;
        }
        int n = image.width() * image.height();
        float[] out = new float[n];
        float[] r = image.plane(0);
        float[] g = image.plane(1);
        float[] b = image.plane(2);
        float[] a = image.hasAlpha() ? image.plane(3) : null;
        for (int i = 0; i < n; i++) {
            float y = 0.2126f * r[i] + 0.7152f * g[i] + 0.0722f * b[i];
            out[i] = a == null ? y : y * a[i];
        }
        return Image.wrap(image.width(), image.height(), out);
    }

    private TaskResult store(Task task, String outputFormat, int quality, EffectOutput out, long startNanos)
            throws IOException {
        ImageFormat format = imageFormat(outputFormat);
        List<TaskResult.Output> outputs = new ArrayList<>();
        int i = 0;
        for (EffectOutput.Item item : out.items()) {
            Image img = item.image();
            byte[] bytes = encode(img, format, quality);
            StoredFile f = files.storeResult(task.keyId(), task.feature(), bytes, format.mimeType(),
                    task.feature() + "-" + task.id().substring(0, 8) + (i == 0 ? "" : "-" + i) + "." + format.extension(),
                    img.width(), img.height());
            outputs.add(new TaskResult.Output(f.id(), format.extension(), img.width(), img.height(), item.extras()));
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

    /** The codec of a normalised {@code output_ext}. */
    static ImageFormat imageFormat(String outputFormat) {
        return switch (outputFormat) {
            case "png" -> ImageFormat.PNG;
            case "webp" -> ImageFormat.WEBP;
            default -> ImageFormat.JPEG;
        };
    }

    /** Encodes one output as every run does (JPEG drops alpha) at the default quality. */
    static byte[] encode(Image img, ImageFormat format) {
        return encode(img, format, Effect.DEFAULT_OUTPUT_QUALITY);
    }

    /** Encodes one output at {@code quality} (1..100; PNG ignores it). */
    static byte[] encode(Image img, ImageFormat format, int quality) {
        Image opaque = format == ImageFormat.JPEG && img.hasAlpha() ? img.withoutAlpha() : img;
        return Codecs.encode(opaque, format, quality);
    }
}
