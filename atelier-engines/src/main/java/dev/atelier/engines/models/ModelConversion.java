package dev.atelier.engines.models;

import dev.atelier.engines.onnx.tfjs.TfjsException;
import dev.atelier.engines.onnx.tfjs.TfjsToOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Install-time conversion of models pinned in another format (TF.js) to the ONNX file the host loads: the pinned
 * files stay as downloaded and verified, {@code model.onnx} is derived from them beside them, with a stamp naming the
 * importer version and the inputs' checksums so a new importer or new files convert again.
 */
final class ModelConversion {
    private static final Logger LOG = LoggerFactory.getLogger(ModelConversion.class);

    private ModelConversion() {}

    /**
     * The ONNX file converted from the model's pinned (and verified) TF.js files, converting them when it is missing
     * or was made from other files or by another importer version. The caller holds the model's lock.
     *
     * @throws ModelException {@link ModelError#CONVERSION_FAILED} naming what the importer could not convert
     */
    static Path converted(ModelManifest m, Path dir, ProgressListener listener) {
        Path onnx = dir.resolve(ModelManifest.CONVERTED_FILE);
        Path stamp = dir.resolve("." + ModelManifest.CONVERTED_FILE + ".from");
        StringBuilder from = new StringBuilder(TfjsToOnnx.VERSION);
        m.files().forEach(f -> from.append(' ').append(f.sha256()));
        String expected = from.append('\n').toString();
        try {
            if (Files.isRegularFile(onnx) && Files.exists(stamp) && Files.readString(stamp).equals(expected)) {
                return onnx;
            }
            listener.progress("convert " + m.id() + " to ONNX", 0, 1);
            long t0 = System.nanoTime();
            byte[] bytes;
            try {
                bytes = TfjsToOnnx.convert(dir.resolve(m.mainFile().name()));
            } catch (TfjsException e) {
                throw new ModelException(ModelError.CONVERSION_FAILED, "model " + m.id()
                        + " could not be converted from TF.js to ONNX: " + e.getMessage(), e);
            }
            Path part = dir.resolve(ModelManifest.CONVERTED_FILE + ".part");
            Files.write(part, bytes);
            Files.move(part, onnx, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(stamp, expected);
            listener.progress("convert " + m.id() + " to ONNX", 1, 1);
            LOG.info("model {}: converted from TF.js to ONNX in {} ms ({} bytes)", m.id(),
                    (System.nanoTime() - t0) / 1_000_000, bytes.length);
            return onnx;
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot write the converted model of " + m.id() + ": " + e, e);
        }
    }
}
