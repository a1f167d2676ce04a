package dev.atelier.engines.testing;

import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A registry and ONNX host over tiny test models: each model is declared with a manifest whose source is a file the
 * test wrote, and installed the way an operator would, with {@code models import FILE}. Models declared with
 * {@link #absent} are known but never installed.
 */
public final class TinyModelHost implements AutoCloseable {
    private final Path dir;
    private final List<ModelManifest> manifests = new ArrayList<>();
    private final List<Path> toImport = new ArrayList<>();
    private ModelRegistry registry;
    private OnnxHost host;

    public TinyModelHost(Path dir) {
        this.dir = dir;
    }

    /** Declares a model and imports its file when the host starts. */
    public TinyModelHost model(String id, ModelCapability capability, String family, byte[] onnx, IoContract contract) {
        manifests.add(TestModels.manifest(dir.resolve("src"), id, capability, family, onnx, contract, 64));
        toImport.add(dir.resolve("src").resolve(id + ".onnx"));
        return this;
    }

    /** Declares a model that stays uninstalled (its file's bytes are unique, so imports never match it). */
    public TinyModelHost absent(String id, ModelCapability capability, String family, IoContract contract) {
        byte[] placeholder = ("never installed: " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        manifests.add(TestModels.manifest(dir.resolve("absent"), id, capability, family, placeholder, contract, 64));
        return this;
    }

    public OnnxHost start() {
        registry = new ModelRegistry(dir.resolve("models"), manifests,
                RegistrySettings.fromEnvironment(Map.of("HOME", dir.toString())));
        toImport.forEach(registry::importFile);
        host = new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(1));
        return host;
    }

    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (host != null) {
            host.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
