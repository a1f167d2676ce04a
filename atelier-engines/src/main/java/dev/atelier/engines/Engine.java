package dev.atelier.engines;

/**
 * Something that implements one capability: a classical algorithm, an ONNX model, or an upstream provider.
 *
 * <p>Every engine can say whether it can run here and, when it cannot, what is missing and how to install it; the
 * server turns that into the error a client sees at submit time.
 */
public interface Engine {
    /** Stable id, e.g. {@code classical-enhance}, {@code onnx:isnet-fp16}, {@code remote:openai}. */
    String id();

    EngineKind kind();

    /** Whether this engine can run now; cheap to call (no model loading). */
    Availability availability();

    /**
     * The engines that may actually do the work: this one, or for an engine that picks among others (a model when
     * installed, a classical algorithm otherwise), those it picks from. Listings show these.
     */
    default java.util.List<Engine> members() {
        return java.util.List.of(this);
    }
}
