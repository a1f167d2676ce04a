package dev.atelier.engines.testing;

import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The registry over the real-model cache ({@link RealModels#registry()}) and an ONNX host on it, opened once per test
 * class and closed after it: {@code @RegisterExtension static final RealModelHost models = new RealModelHost();}.
 */
public final class RealModelHost implements BeforeAllCallback, AfterAllCallback {
    private ModelRegistry registry;
    private OnnxHost host;

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = RealModels.registry();
        host = new OnnxHost(registry, OnnxSettings.defaults());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        host.close();
        registry.close();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public OnnxHost host() {
        return host;
    }

    /** {@link RealModels#require}: the model installed (pulled when needed), or the test skipped/failed. */
    public void require(String id) {
        RealModels.require(registry, id);
    }
}
