package dev.atelier.engines.onnx;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the host did for one inference, for result metadata and logs.
 *
 * @param device where it ran
 * @param deviceNote why it ran there when that is not what was asked (e.g. CUDA requested but not loadable), or which
 *     inference server ran it, else empty
 * @param queued time spent waiting for the model's turn and the memory budget
 * @param inference time inside ONNX Runtime (excluding session creation)
 * @param sessionCreated whether this run created the session (a cold start)
 */
public record RunInfo(
        String modelId, Device device, String deviceNote, Duration queued, Duration inference, boolean sessionCreated) {

    /** The result metadata an engine reports: engine, model, device, device_note (when set), inference_ms. */
    public Map<String, String> metadata(String engineId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("engine", engineId);
        m.put("model", modelId);
        m.put("device", device.wireName());
        if (!deviceNote.isEmpty()) {
            m.put("device_note", deviceNote);
        }
        m.put("inference_ms", Long.toString(inference.toMillis()));
        return m;
    }
}
