package dev.atelier.engines.onnx;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.EngineKind;

/**
 * What every engine over one registry model shares: its id ({@code onnx:<model id>}), its kind, and availability
 * read from the host (installed or not, with the pull command), checked again before each run.
 */
public abstract class OnnxModelEngine implements Engine {
    protected final OnnxHost host;
    protected final String modelId;

    protected OnnxModelEngine(OnnxHost host, String modelId) {
        this.host = host;
        this.modelId = modelId;
    }

    @Override
    public final String id() {
        return "onnx:" + modelId;
    }

    @Override
    public final EngineKind kind() {
        return EngineKind.ONNX;
    }

    @Override
    public Availability availability() {
        return host.availability(modelId);
    }

    /** Fails with {@code error_inference} naming what is missing when the model cannot run. */
    protected final void requireAvailable() {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new EngineException(EngineCode.ERROR_INFERENCE, a.describe());
        }
    }
}
