package dev.atelier.engines.onnx.tflite;

import java.util.Map;

/** Names of the TFLite builtin operator codes (schema.fbs {@code BuiltinOperator}) the importer knows. */
final class Builtins {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "ADD"), Map.entry(1, "AVERAGE_POOL_2D"), Map.entry(2, "CONCATENATION"),
            Map.entry(3, "CONV_2D"), Map.entry(4, "DEPTHWISE_CONV_2D"), Map.entry(6, "DEQUANTIZE"),
            Map.entry(14, "LOGISTIC"), Map.entry(17, "MAX_POOL_2D"), Map.entry(18, "MUL"), Map.entry(19, "RELU"),
            Map.entry(21, "RELU6"), Map.entry(22, "RESHAPE"), Map.entry(23, "RESIZE_BILINEAR"), Map.entry(34, "PAD"),
            Map.entry(40, "MEAN"), Map.entry(54, "PRELU"), Map.entry(67, "TRANSPOSE_CONV"), Map.entry(117, "HARD_SWISH"),
            Map.entry(41, "SUB"), Map.entry(28, "TANH"), Map.entry(39, "TRANSPOSE"));

    private Builtins() {}

    static String name(int code) {
        return NAMES.getOrDefault(code, "BUILTIN_" + code);
    }
}
