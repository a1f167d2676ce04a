package dev.atelier.engines.onnx;

/** Where an inference ran. */
public enum Device {
    CPU,
    CUDA,
    /** On a KServe/Triton server ({@link RemoteInferenceSettings}); the run's device note names it. */
    REMOTE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
