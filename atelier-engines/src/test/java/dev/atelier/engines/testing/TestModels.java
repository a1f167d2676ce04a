package dev.atelier.engines.testing;

import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelFile;
import dev.atelier.engines.models.ModelLicense;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Manifests for tiny test models written to disk, so a registry can pull them from a local file. */
public final class TestModels {
    private TestModels() {}

    /** Writes {@code onnx} under {@code dir} and returns a permissive manifest whose only source is that file. */
    public static ModelManifest manifest(Path dir, String id, ModelCapability capability, String family, byte[] onnx,
            IoContract contract, long runMemoryMb) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(id + ".onnx");
            Files.write(file, onnx);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
            return new ModelManifest(id, "tiny test model " + id, capability, family,
                    List.of(new ModelFile("model.onnx", onnx.length, sha, List.of(new ModelSource.LocalFile(file)))),
                    new ModelLicense("MIT", "https://opensource.org/license/mit", "test", true), contract,
                    runMemoryMb * 1024 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static IoContract contract(IoContract.Tensor input, IoContract.Tensor... outputs) {
        return new IoContract(List.of(input), List.of(outputs), "test");
    }

    public static IoContract.Tensor tensor(String name, long... shape) {
        return new IoContract.Tensor(name, "float32", java.util.Arrays.stream(shape).boxed().toList(), "");
    }
}
