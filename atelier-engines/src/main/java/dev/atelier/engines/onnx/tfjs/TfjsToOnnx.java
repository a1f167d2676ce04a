package dev.atelier.engines.onnx.tfjs;

import java.nio.file.Path;

/**
 * Converts a TensorFlow.js model to an equivalent ONNX model (IR 8, opset 17) that ONNX Runtime runs: graph models
 * ({@link GraphConverter}) and Keras layers models ({@link LayersConverter}), inputs and outputs NHWC as in TF.js.
 */
public final class TfjsToOnnx {
    /** Changes whenever a conversion would come out differently, so installed models are converted again. */
    public static final String VERSION = "tfjs-import-1";

    private TfjsToOnnx() {}

    /**
     * Converts the model whose {@code model.json} (or JavaScript-wrapped {@code model.min.js}) is {@code modelFile};
     * its weight shards are read from the same directory.
     *
     * @return the ONNX model bytes
     * @throws TfjsException naming what could not be read or converted (an unsupported operator or layer by name)
     */
    public static byte[] convert(Path modelFile) {
        TfjsModel model = TfjsModel.read(modelFile);
        return switch (model.format) {
            case "graph-model" -> new GraphConverter(model).convert();
            case "layers-model" -> new LayersConverter(model).convert();
            default -> throw new TfjsException("unknown TF.js model format " + model.format);
        };
    }
}
