package dev.atelier.engines;

/** The three kinds of engine Atelier has. */
public enum EngineKind {
    /** Pure-Java algorithms in {@code atelier-imaging}: always present. */
    CLASSICAL,
    /** A local model on ONNX Runtime from the model registry. */
    ONNX,
    /** An upstream provider over HTTP. */
    REMOTE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
