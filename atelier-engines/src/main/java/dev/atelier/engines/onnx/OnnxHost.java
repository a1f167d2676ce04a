package dev.atelier.engines.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.models.ModelException;
import dev.atelier.engines.models.ModelInfo;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.tflite.TfliteException;
import dev.atelier.engines.onnx.tflite.TfliteToOnnx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs installed models on ONNX Runtime (TFLite models are converted to ONNX in memory when their session is
 * created, see {@link TfliteToOnnx}): one session per model, created on first use and closed after
 * {@link OnnxSettings#idleTimeout()} without use; at most {@link OnnxSettings#perModelConcurrency()} inferences per
 * model and {@link OnnxSettings#memoryBudgetBytes()} of working memory across all models at once (others queue, up to
 * {@link OnnxSettings#queueTimeout()}). Tensors live in direct buffers reused from run to run, and only the outputs
 * the caller names are computed and copied.
 *
 * <p>Models listed in {@link RemoteInferenceSettings} run on a KServe/Triton server instead (same writer/reader
 * contract, same per-model turns; no local session, file or memory budget), and never fall back to local ONNX
 * Runtime: their {@link RunInfo} says {@link Device#REMOTE} and names the server.
 *
 * <p>Thread-safe. Failures are {@link EngineException}s with code {@code error_inference}.
 */
public final class OnnxHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxHost.class);
    private static final EngineCode ERROR = EngineCode.ERROR_INFERENCE;
    private static final long MIB = 1024 * 1024;

    /** Fills one input tensor; {@code buffer} is positioned at 0 with exactly the tensor's element count remaining. */
    @FunctionalInterface
    public interface InputWriter {
        void write(String input, FloatBuffer buffer);
    }

    /**
     * Reads the outputs of one run into the caller's own value. The buffers are read-only views positioned at 0 and
     * are reused by the next run: copy what must outlive the call.
     */
    @FunctionalInterface
    public interface OutputReader<R> {
        R read(Map<String, FloatBuffer> outputs);
    }

    private final ModelRegistry registry;
    private final OnnxSettings settings;
    private final OrtEnvironment env;
    private final int budgetMib;
    private final Semaphore budget;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private final RemoteInferenceSettings remote;
    private final KServeClient kserve;
    private final Map<String, Readiness> readiness = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** How long the server's answer to "is this model ready" is trusted. */
    private static final Duration READY_CACHE = Duration.ofSeconds(5);

    private record Readiness(Availability availability, long checkedAt) {}

    public OnnxHost(ModelRegistry registry, OnnxSettings settings) {
        this(registry, settings, RemoteInferenceSettings.none());
    }

    public OnnxHost(ModelRegistry registry, OnnxSettings settings, RemoteInferenceSettings remote) {
        this.registry = registry;
        this.settings = settings;
        this.remote = remote;
        this.kserve = remote.models().isEmpty() ? null : new KServeClient(remote);
        this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "atelier");
        this.budgetMib = (int) Math.min(Integer.MAX_VALUE, settings.memoryBudgetBytes() / MIB);
        this.budget = new Semaphore(budgetMib, true);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atelier-onnx-idle");
            t.setDaemon(true);
            return t;
        });
        long period = Math.clamp(settings.idleTimeout().toMillis() / 4, 10, 30_000);
        reaper.scheduleWithFixedDelay(this::closeIdleSessions, period, period, TimeUnit.MILLISECONDS);
    }

    public OnnxSettings settings() {
        return settings;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /**
     * Whether the model can run here: known and installed intact. Cheap (no session is created). The remedy names the
     * pull command, with {@code --accept-license} when the licence needs it.
     */
    public Availability availability(String modelId) {
        String remoteName = remote.models().get(modelId);
        if (remoteName != null) {
            return remoteAvailability(modelId, remoteName);
        }
        ModelManifest m = registry.manifest(modelId).orElse(null);
        if (m == null) {
            return Availability.missing("model " + modelId + " is unknown (Atelier has no manifest for it)",
                    "declare it in a manifest under ATELIER_MODEL_MANIFESTS, then run: ./atelier models import FILE"
                            + " (./atelier models list shows the models Atelier knows)");
        }
        String pull = "run: ./atelier models pull " + modelId + (m.license().permissive() ? "" : " --accept-license");
        ModelInfo info = registry.info(modelId);
        return switch (info.state()) {
            case INSTALLED -> Availability.AVAILABLE;
            case MISSING -> Availability.missing("model " + modelId + " is not installed", pull);
            case CORRUPT -> Availability.missing("model " + modelId + " is damaged (" + info.detail() + ")", pull);
        };
    }

    /** A remote model is available when its server says it is ready; the answer is cached for a few seconds. */
    private Availability remoteAvailability(String modelId, String remoteName) {
        long now = System.nanoTime();
        Readiness cached = readiness.get(modelId);
        if (cached != null && now - cached.checkedAt() < READY_CACHE.toNanos()) {
            return cached.availability();
        }
        Availability a;
        try {
            a = kserve.ready(remoteName) ? Availability.AVAILABLE
                    : Availability.missing("model " + modelId + " (" + remoteName + ") is not ready on the inference"
                            + " server " + kserve.server(),
                            "load it on that KServe/Triton server, or remove " + modelId
                                    + " from ATELIER_INFERENCE_MODELS to run it locally");
        } catch (EngineException e) {
            a = Availability.missing(e.getMessage(), "start the server or fix ATELIER_INFERENCE_URL");
        }
        readiness.put(modelId, new Readiness(a, now));
        return a;
    }

    /** Whether a session for the model is open (warm). */
    public boolean isLoaded(String modelId) {
        Slot slot = slots.get(modelId);
        if (slot == null) {
            return false;
        }
        synchronized (slot) {
            return slot.session != null;
        }
    }

    /**
     * Runs the model once: waits for its turn, fills the inputs through {@code writer}, runs, and hands the requested
     * outputs to {@code reader}.
     *
     * @param inputs every input of the model with its concrete shape
     * @param outputs the outputs to compute and fetch; others are not copied out
     * @throws EngineException {@code error_inference} when the model is missing, the wait times out, or ONNX Runtime
     *     fails
     */
    public <R> Inference<R> run(String modelId, List<TensorSpec> inputs, InputWriter writer, List<TensorSpec> outputs,
            OutputReader<R> reader) {
        if (closed) {
            throw new EngineException(ERROR, "the ONNX host is closed");
        }
        String remoteName = remote.models().get(modelId);
        if (remoteName != null) {
            Slot slot = slots.computeIfAbsent(modelId, Slot::new);
            long start = System.nanoTime();
            acquire(slot.turns, 1, start + settings.queueTimeout().toNanos(), "a turn on model " + modelId);
            try {
                return runRemote(modelId, remoteName, inputs, writer, outputs, reader, start);
            } finally {
                slot.turns.release();
            }
        }
        ModelManifest manifest = registry.manifest(modelId)
                .orElseThrow(() -> new EngineException(ERROR, "model " + modelId + " is unknown"));
        Slot slot = slots.computeIfAbsent(modelId, Slot::new);
        long ioBytes = 4L * (inputs.stream().mapToLong(TensorSpec::elements).sum()
                + outputs.stream().mapToLong(TensorSpec::elements).sum());
        int need = (int) Math.clamp((manifest.runMemoryBytes() + ioBytes + MIB - 1) / MIB, 1, budgetMib);
        long start = System.nanoTime();
        long deadline = start + settings.queueTimeout().toNanos();
        acquire(slot.turns, 1, deadline, "a turn on model " + modelId);
        try {
            acquire(budget, need, deadline, need + " MiB of the inference memory budget for " + modelId);
            try {
                return runLoaded(slot, inputs, writer, outputs, reader, start);
            } finally {
                budget.release(need);
            }
        } finally {
            slot.turns.release();
        }
    }

    private <R> Inference<R> runLoaded(Slot slot, List<TensorSpec> inputs, InputWriter writer, List<TensorSpec> outputs,
            OutputReader<R> reader, long start) {
        boolean created;
        OrtSession session;
        Device device;
        String note;
        synchronized (slot) {
            created = slot.session == null;
            if (created) {
                slot.open();
            }
            session = slot.session;
            device = slot.device;
            note = slot.deviceNote;
            slot.active++;
        }
        long queued = System.nanoTime() - start;
        try {
            IoSet io = slot.take(inputs, outputs);
            try {
                for (TensorSpec in : inputs) {
                    FloatBuffer buffer = io.inputBuffers.get(in.name());
                    buffer.clear();
                    writer.write(in.name(), buffer);
                }
                long t0 = System.nanoTime();
                try (OrtSession.Result ignored = session.run(io.inputTensors, io.outputTensors)) {
                    // Outputs are pinned to io's buffers; the result owns nothing that needs copying.
                } catch (OrtException e) {
                    throw new EngineException(ERROR, "model " + slot.modelId + " failed: " + e.getMessage(), e);
                }
                long t1 = System.nanoTime();
                R value = reader.read(io.readViews());
                return new Inference<>(value, new RunInfo(slot.modelId, device, note, Duration.ofNanos(queued),
                        Duration.ofNanos(t1 - t0), created));
            } finally {
                slot.giveBack(io);
            }
        } finally {
            synchronized (slot) {
                slot.active--;
                slot.lastUsed = System.nanoTime();
                if (closed && slot.active == 0) {
                    // close() deferred this session to its last run: closing it under a run crashes natively
                    slot.shut();
                }
            }
        }
    }

    /** Runs on the inference server: heap buffers (nothing native to pin), the same writer and reader calls. */
    private <R> Inference<R> runRemote(String modelId, String remoteName, List<TensorSpec> inputs, InputWriter writer,
            List<TensorSpec> outputs, OutputReader<R> reader, long start) {
        long queued = System.nanoTime() - start;
        Map<String, FloatBuffer> in = new LinkedHashMap<>();
        for (TensorSpec spec : inputs) {
            FloatBuffer buffer = FloatBuffer.allocate(spec.elements());
            writer.write(spec.name(), buffer);
            in.put(spec.name(), buffer);
        }
        Map<String, FloatBuffer> out = new LinkedHashMap<>();
        for (TensorSpec spec : outputs) {
            out.put(spec.name(), FloatBuffer.allocate(spec.elements()));
        }
        long t0 = System.nanoTime();
        kserve.infer(modelId, remoteName, inputs, in, outputs, out);
        long t1 = System.nanoTime();
        Map<String, FloatBuffer> views = new LinkedHashMap<>();
        out.forEach((name, b) -> views.put(name, b.asReadOnlyBuffer().clear()));
        R value = reader.read(Collections.unmodifiableMap(views));
        String note = "ran on the inference server " + kserve.server() + " as model " + remoteName;
        return new Inference<>(value, new RunInfo(modelId, Device.REMOTE, note, Duration.ofNanos(queued),
                Duration.ofNanos(t1 - t0), false));
    }

    private void acquire(Semaphore semaphore, int permits, long deadline, String what) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            if (!semaphore.tryAcquire(permits, wait, TimeUnit.NANOSECONDS)) {
                throw new EngineException(ERROR, "timed out after " + settings.queueTimeout().toSeconds()
                        + " s waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ERROR, "interrupted while waiting for " + what, e);
        }
    }

    /** Closes sessions unused for longer than the idle timeout. */
    void closeIdleSessions() {
        long now = System.nanoTime();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.session != null && slot.active == 0
                        && now - slot.lastUsed >= settings.idleTimeout().toNanos()) {
                    LOG.info("model {}: closing its session after {} s idle", slot.modelId,
                            settings.idleTimeout().toSeconds());
                    slot.shut();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.active == 0) {
                    slot.shut();
                } // else the last active run shuts it (see runLoaded)
            }
        }
    }

    /** One model's session, turns and reusable tensors. Fields are guarded by the slot's monitor. */
    private final class Slot {
        final String modelId;
        final Semaphore turns;
        final ArrayDeque<IoSet> pool = new ArrayDeque<>();
        OrtSession session;
        Device device = Device.CPU;
        String deviceNote = "";
        int active;
        long lastUsed = System.nanoTime();

        Slot(String modelId) {
            this.modelId = modelId;
            this.turns = new Semaphore(settings.perModelConcurrency(), true);
        }

        void open() {
            Path path;
            try {
                path = registry.path(modelId);
            } catch (ModelException e) {
                throw new EngineException(ERROR, e.getMessage(), e);
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
                options.setInterOpNumThreads(1);
                // PARALLEL costs 1.6-2x on 2 cores (MODELS.md).
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(switch (settings.optimization()) {
                    case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                    case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                    case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
                });
                options.setCPUArenaAllocator(settings.cpuArena());
                options.setMemoryPatternOptimization(settings.memoryPattern());
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                device = Device.CPU;
                deviceNote = settings.useCuda() ? tryCuda(options) : "";
                long t0 = System.nanoTime();
                session = path.getFileName().toString().endsWith(".tflite")
                        ? env.createSession(TfliteToOnnx.convert(readModel(path)), options)
                        : env.createSession(path.toString(), options);
                LOG.info("model {}: session created on {} in {} ms ({} threads){}", modelId, device.wireName(),
                        (System.nanoTime() - t0) / 1_000_000, settings.intraOpThreads(),
                        deviceNote.isEmpty() ? "" : "; " + deviceNote);
            } catch (OrtException | TfliteException e) {
                session = null;
                throw new EngineException(ERROR, "model " + modelId + " could not be loaded: " + e.getMessage(), e);
            }
        }

        private static byte[] readModel(Path path) {
            try {
                return java.nio.file.Files.readAllBytes(path);
            } catch (java.io.IOException e) {
                throw new EngineException(ERROR, "cannot read " + path + ": " + e, e);
            }
        }

        private String tryCuda(OrtSession.SessionOptions options) {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                String note = "CUDA requested but this ONNX Runtime build has no CUDA provider (build with -Pgpu); ran on CPU";
                LOG.warn("model {}: {}", modelId, note);
                return note;
            }
            try {
                options.addCUDA(0);
                device = Device.CUDA;
                return "";
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                String note = "CUDA requested but it failed to load (" + e.getMessage() + "); ran on CPU";
                LOG.warn("model {}: {}", modelId, note);
                return note;
            }
        }

        IoSet take(List<TensorSpec> inputs, List<TensorSpec> outputs) {
            String key = inputs.stream().map(TensorSpec::key).collect(Collectors.joining(",")) + "->"
                    + outputs.stream().map(TensorSpec::key).collect(Collectors.joining(","));
            synchronized (this) {
                for (Iterator<IoSet> it = pool.iterator(); it.hasNext(); ) {
                    IoSet io = it.next();
                    if (io.key.equals(key)) {
                        it.remove();
                        return io;
                    }
                }
            }
            return new IoSet(key, env, inputs, outputs);
        }

        void giveBack(IoSet io) {
            synchronized (this) {
                if (session != null) {
                    pool.addFirst(io);
                    while (pool.size() > settings.perModelConcurrency()) {
                        pool.removeLast().close();
                    }
                    return;
                }
            }
            io.close();
        }

        /** Closes the session and frees the pooled tensors; called with the monitor held. */
        void shut() {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException e) {
                    LOG.warn("model {}: closing the session failed: {}", modelId, e.getMessage());
                }
                session = null;
            }
            while (!pool.isEmpty()) {
                pool.removeFirst().close();
            }
        }
    }

    /** The tensors of one run shape, over direct buffers that ONNX Runtime reads and writes in place. */
    private static final class IoSet implements AutoCloseable {
        final String key;
        final Map<String, FloatBuffer> inputBuffers = new LinkedHashMap<>();
        final Map<String, OnnxTensor> inputTensors = new LinkedHashMap<>();
        final Map<String, FloatBuffer> outputBuffers = new LinkedHashMap<>();
        final Map<String, OnnxTensor> outputTensors = new LinkedHashMap<>();

        IoSet(String key, OrtEnvironment env, List<TensorSpec> inputs, List<TensorSpec> outputs) {
            this.key = key;
            try {
                for (TensorSpec t : inputs) {
                    FloatBuffer b = direct(t.elements());
                    inputBuffers.put(t.name(), b);
                    inputTensors.put(t.name(), OnnxTensor.createTensor(env, b, t.shape()));
                }
                for (TensorSpec t : outputs) {
                    FloatBuffer b = direct(t.elements());
                    outputBuffers.put(t.name(), b);
                    outputTensors.put(t.name(), OnnxTensor.createTensor(env, b, t.shape()));
                }
            } catch (OrtException e) {
                close();
                throw new EngineException(ERROR, "cannot allocate tensors " + key + ": " + e.getMessage(), e);
            }
        }

        private static FloatBuffer direct(int elements) {
            return ByteBuffer.allocateDirect(elements * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        Map<String, FloatBuffer> readViews() {
            Map<String, FloatBuffer> views = new LinkedHashMap<>();
            outputBuffers.forEach((name, b) -> views.put(name, b.asReadOnlyBuffer().clear()));
            return Collections.unmodifiableMap(views);
        }

        @Override
        public void close() {
            inputTensors.values().forEach(OnnxTensor::close);
            outputTensors.values().forEach(OnnxTensor::close);
        }
    }
}
