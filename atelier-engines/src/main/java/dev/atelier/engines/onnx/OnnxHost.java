package dev.atelier.engines.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.models.ModelInfo;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.tflite.TfliteToOnnx;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * <p>This class is the admission (turns per model, the memory budget, the queue timeout) and the run; a model's session
 * and reusable tensors are its {@link SessionSlot}, remote models are {@link RemoteModels}.
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
    private final Map<String, SessionSlot> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private final RemoteModels remote;
    private volatile boolean closed;

    public OnnxHost(ModelRegistry registry, OnnxSettings settings) {
        this(registry, settings, RemoteInferenceSettings.none());
    }

    public OnnxHost(ModelRegistry registry, OnnxSettings settings, RemoteInferenceSettings remote) {
        this.registry = registry;
        this.settings = settings;
        this.remote = new RemoteModels(remote);
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
        String remoteName = remote.remoteName(modelId).orElse(null);
        if (remoteName != null) {
            return remote.availability(modelId, remoteName);
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

    /** Whether a session for the model is open (warm). */
    public boolean isLoaded(String modelId) {
        SessionSlot slot = slots.get(modelId);
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
        String remoteName = remote.remoteName(modelId).orElse(null);
        if (remoteName != null) {
            SessionSlot slot = slot(modelId);
            long start = System.nanoTime();
            acquire(slot.turns, 1, start + settings.queueTimeout().toNanos(), "a turn on model " + modelId);
            try {
                return remote.run(modelId, remoteName, inputs, writer, outputs, reader, start);
            } finally {
                slot.turns.release();
            }
        }
        ModelManifest manifest = registry.manifest(modelId)
                .orElseThrow(() -> new EngineException(ERROR, "model " + modelId + " is unknown"));
        SessionSlot slot = slot(modelId);
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

    private <R> Inference<R> runLoaded(SessionSlot slot, List<TensorSpec> inputs, InputWriter writer, List<TensorSpec> outputs,
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

    private SessionSlot slot(String modelId) {
        return slots.computeIfAbsent(modelId, id -> new SessionSlot(id, registry, settings, env));
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
        for (SessionSlot slot : slots.values()) {
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
        for (SessionSlot slot : slots.values()) {
            synchronized (slot) {
                if (slot.active == 0) {
                    slot.shut();
                } // else the last active run shuts it (see runLoaded)
            }
        }
    }
}
