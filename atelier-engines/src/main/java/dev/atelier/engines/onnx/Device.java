package dev.atelier.engines.onnx;

/** Where an inference ran. */
public enum Device {
    CPU,
    CUDA;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
