package dev.atelier.engines.onnx;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineException;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models {@link RemoteInferenceSettings} sends to a KServe/Triton server: whether each is ready there (the
 * server's answer trusted for a few seconds) and one run through the same writer/reader contract as a local one, over
 * heap buffers (nothing native to pin). A remote model never falls back to a local session.
 */
final class RemoteModels {
    /** How long the server's answer to "is this model ready" is trusted. */
    private static final Duration READY_CACHE = Duration.ofSeconds(5);

    private record Readiness(Availability availability, long checkedAt) {}

    private final RemoteInferenceSettings settings;
    private final KServeClient kserve;
    private final Map<String, Readiness> readiness = new ConcurrentHashMap<>();

    RemoteModels(RemoteInferenceSettings settings) {
        this.settings = settings;
        this.kserve = settings.models().isEmpty() ? null : new KServeClient(settings);
    }

    /** The model's name on the inference server, when it runs there. */
    Optional<String> remoteName(String modelId) {
        return Optional.ofNullable(settings.models().get(modelId));
    }

    /** A remote model is available when its server says it is ready; the answer is cached for a few seconds. */
    Availability availability(String modelId, String remoteName) {
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

    /** Runs on the inference server: heap buffers (nothing native to pin), the same writer and reader calls. */
    <R> Inference<R> run(String modelId, String remoteName, List<TensorSpec> inputs, OnnxHost.InputWriter writer,
            List<TensorSpec> outputs, OnnxHost.OutputReader<R> reader, long start) {
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
}
