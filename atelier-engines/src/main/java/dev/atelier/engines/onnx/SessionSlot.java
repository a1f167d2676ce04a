package dev.atelier.engines.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.models.ModelException;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.tflite.TfliteException;
import dev.atelier.engines.onnx.tflite.TfliteToOnnx;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's place in the {@link OnnxHost}: its turns (at most {@link OnnxSettings#perModelConcurrency()} runs at
 * once), its ONNX Runtime session (opened on first use with the host's session options, CUDA when asked and present;
 * TFLite models converted in memory), and the pool of reusable {@link IoSet}s. Fields other than the turns are guarded
 * by the slot's monitor.
 */
final class SessionSlot {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSlot.class);
    private static final EngineCode ERROR = EngineCode.ERROR_INFERENCE;

    final String modelId;
    final Semaphore turns;
    private final ModelRegistry registry;
    private final OnnxSettings settings;
    private final OrtEnvironment env;
    final ArrayDeque<IoSet> pool = new ArrayDeque<>();
    OrtSession session;
    Device device = Device.CPU;
    String deviceNote = "";
    int active;
    long lastUsed = System.nanoTime();

    SessionSlot(String modelId, ModelRegistry registry, OnnxSettings settings, OrtEnvironment env) {
        this.modelId = modelId;
        this.registry = registry;
        this.settings = settings;
        this.env = env;
        this.turns = new Semaphore(settings.perModelConcurrency(), true);
    }

    void open() {
        Path path;
        try {
            path = registry.path(modelId);
        } catch (ModelException e) {
            throw new EngineException(ERROR, e.getMessage(), e);
        }
        try (SessionOptions opened = SessionOptions.of(settings)) {
            OrtSession.SessionOptions options = opened.options();
            device = opened.device();
            deviceNote = opened.deviceNote();
            if (!deviceNote.isEmpty()) {
                LOG.warn("model {}: {}", modelId, deviceNote);
            }
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
