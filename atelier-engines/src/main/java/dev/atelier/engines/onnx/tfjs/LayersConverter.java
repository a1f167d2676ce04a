package dev.atelier.engines.onnx.tfjs;

import dev.atelier.engines.onnx.tfjs.Emitter.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Converts a TF.js layers model: a Keras {@code Functional} or {@code Sequential} {@code model_config} (Keras 2
 * serialisation, each layer called once), with weights named {@code <layer>/kernel}, {@code <layer>/bias}, ... Keras
 * layers are channels-last; layers configured otherwise are refused. Also converts the two layers
 * {@code @upscalerjs/esrgan-thick} defines: {@code MultiplyBeta} (a constant scale) and {@code PixelShuffle<N>x}
 * (TensorFlow's depth_to_space).
 */
final class LayersConverter {
    private final TfjsModel model;
    private final Emitter e = new Emitter();
    private final Map<String, Value> outputs = new HashMap<>();

    LayersConverter(TfjsModel model) {
        this.model = model;
    }

    byte[] convert() {
        JsonNode config = model.topology.path("model_config");
        if (!config.isObject()) {
            config = model.topology;
        }
        String cls = config.path("class_name").asString("");
        JsonNode layers = config.path("config").path("layers");
        if (!layers.isArray()) {
            throw new TfjsException("the layers model has no layer list (class " + cls + ")");
        }
        boolean sequential = cls.equals("Sequential");
        Value previous = null;
        String last = null;
        for (JsonNode layer : layers.values()) {
            String name = layer.path("config").path("name").asString(layer.path("name").asString());
            List<Value> in = new ArrayList<>();
            if (sequential) {
                if (previous == null && !layer.path("class_name").asString().equals("InputLayer")) {
                    previous = e.input(name + "_input", batchShape(layer.path("config")));
                }
                if (previous != null) {
                    in.add(previous);
                }
            } else {
                JsonNode inbound = layer.path("inbound_nodes");
                if (inbound.size() > 1) {
                    throw new TfjsException("layer " + name + " is called more than once; shared layers are not supported");
                }
                for (JsonNode ref : inbound.path(0).values()) {
                    Value v = outputs.get(ref.path(0).asString());
                    if (v == null || ref.path(2).asInt(0) != 0) {
                        throw new TfjsException("layer " + name + " takes " + ref + ", which is not computed before it");
                    }
                    in.add(v);
                }
            }
            Value out = layer(layer.path("class_name").asString(), name, layer.path("config"), in);
            outputs.put(name, out);
            previous = out;
            last = name;
        }
        if (sequential) {
            e.output(previous, last);
        } else {
            for (JsonNode ref : config.path("config").path("output_layers").values()) {
                String name = ref.path(0).asString();
                e.output(outputs.get(name), name);
            }
        }
        return e.g.build("atelier-tfjs-import");
    }

    private static int[] batchShape(JsonNode config) {
        JsonNode dims = config.has("batch_input_shape") ? config.path("batch_input_shape") : config.path("batch_shape");
        if (!dims.isArray()) {
            throw new TfjsException("layer " + config.path("name").asString() + " declares no input shape");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).isNull() ? -1 : dims.get(i).asInt();
        }
        return shape;
    }

    private Value layer(String cls, String name, JsonNode c, List<Value> in) {
        if (c.has("data_format") && !c.path("data_format").asString().equals("channels_last")) {
            throw new TfjsException("layer " + name + " is " + c.path("data_format").asString()
                    + "; only channels_last is supported");
        }
        if (cls.matches("PixelShuffle[0-9]+x")) {
            return e.depthToSpace(one(in, name), Integer.parseInt(cls.substring(12, cls.length() - 1)));
        }
        return switch (cls) {
            case "InputLayer" -> e.input(name, batchShape(c));
            case "Conv2D", "DepthwiseConv2D" -> {
                boolean depthwise = cls.equals("DepthwiseConv2D");
                TfjsModel.Weight k = weight(name, depthwise ? "depthwise_kernel" : "kernel");
                float[] bias = c.path("use_bias").asBoolean(true) ? weight(name, "bias").data() : null;
                Value y = e.conv(one(in, name), k.data(), k.shape(), bias, pair(c, "strides", 1),
                        pair(c, "dilation_rate", 1), c.path("padding").asString("valid").toUpperCase(java.util.Locale.ROOT),
                        null, depthwise);
                if (c.path("groups").asInt(1) != 1) {
                    throw new TfjsException("layer " + name + " uses grouped convolution, which is not supported");
                }
                yield e.activation(y, c.path("activation").asString("linear"));
            }
            case "Dense" -> {
                TfjsModel.Weight k = weight(name, "kernel");
                float[] bias = c.path("use_bias").asBoolean(true) ? weight(name, "bias").data() : null;
                yield e.activation(e.matMul(one(in, name), k.data(), k.shape(), false, bias),
                        c.path("activation").asString("linear"));
            }
            case "Activation" -> e.activation(one(in, name), c.path("activation").asString());
            case "ReLU" -> relu(one(in, name), name, c);
            case "Add" -> fold(in, "Add", name);
            case "Multiply" -> fold(in, "Mul", name);
            case "Concatenate" -> e.concat(in, c.path("axis").asInt(-1));
            case "UpSampling2D" -> {
                if (!c.path("interpolation").asString("nearest").equals("nearest")) {
                    throw new TfjsException("layer " + name + " upsamples with "
                            + c.path("interpolation").asString() + "; only nearest is supported");
                }
                int[] s = pair(c, "size", 2);
                yield e.upsampleNearest(one(in, name), s[0], s[1]);
            }
            case "BatchNormalization" -> batchNorm(one(in, name), name, c);
            case "ZeroPadding2D" -> {
                JsonNode p = c.path("padding");
                int[] hw = new int[4];
                if (p.isInt()) {
                    java.util.Arrays.fill(hw, p.asInt());
                } else if (p.path(0).isArray()) {
                    hw = new int[] {p.path(0).path(0).asInt(), p.path(0).path(1).asInt(), p.path(1).path(0).asInt(),
                        p.path(1).path(1).asInt()};
                } else {
                    hw = new int[] {p.path(0).asInt(), p.path(0).asInt(), p.path(1).asInt(), p.path(1).asInt()};
                }
                yield e.zeroPad(one(in, name), hw[0], hw[1], hw[2], hw[3]);
            }
            case "AveragePooling2D", "MaxPooling2D" -> {
                int[] k = pair(c, "pool_size", 2);
                int[] s = c.path("strides").isNull() || c.path("strides").isMissingNode() ? k : pair(c, "strides", 1);
                yield e.pool(cls.startsWith("Average") ? "AveragePool" : "MaxPool", one(in, name), k, s,
                        c.path("padding").asString("valid").toUpperCase(java.util.Locale.ROOT));
            }
            case "GlobalAveragePooling2D" -> e.reduce("ReduceMean", one(in, name), new int[] {1, 2}, false);
            case "Flatten" -> e.flatten(one(in, name));
            case "Dropout" -> one(in, name);
            case "MultiplyBeta" -> e.binary("Mul", one(in, name),
                    Emitter.constant(new float[] {(float) c.path("beta").asDouble(0.2)}, new int[0]));
            default -> throw new TfjsException("the Keras layer " + cls + " (layer " + name
                    + ") is not supported by the importer");
        };
    }

    private Value relu(Value x, String name, JsonNode c) {
        if (c.path("negative_slope").asDouble(0) != 0 || c.path("threshold").asDouble(0) != 0) {
            throw new TfjsException("layer " + name + " is a leaky or thresholded ReLU, which is not supported");
        }
        JsonNode max = c.path("max_value");
        return max.isNumber() ? e.clip(x, 0f, (float) max.asDouble()) : e.activation(x, "relu");
    }

    /** Keras BatchNormalization at inference: {@code (x − mean) / sqrt(var + ε) · γ + β}, folded into scale and shift. */
    private Value batchNorm(Value x, String name, JsonNode c) {
        int axis = c.path("axis").isArray() ? c.path("axis").path(0).asInt() : c.path("axis").asInt(-1);
        if (axis != -1 && axis != x.rank() - 1) {
            throw new TfjsException("layer " + name + " normalises axis " + axis + "; only the channel axis is supported");
        }
        float[] mean = weight(name, "moving_mean").data();
        float[] var = weight(name, "moving_variance").data();
        float[] gamma = c.path("scale").asBoolean(true) ? weight(name, "gamma").data() : null;
        float[] beta = c.path("center").asBoolean(true) ? weight(name, "beta").data() : null;
        double eps = c.path("epsilon").asDouble(1e-3);
        float[] scale = new float[mean.length];
        float[] shift = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            scale[i] = (float) ((gamma == null ? 1 : gamma[i]) / Math.sqrt(var[i] + eps));
            shift[i] = (float) ((beta == null ? 0 : beta[i]) - mean[i] * (double) scale[i]);
        }
        int[] shape = {mean.length};
        return e.binary("Add", e.binary("Mul", x, Emitter.constant(scale, shape)), Emitter.constant(shift, shape));
    }

    private Value fold(List<Value> in, String op, String name) {
        if (in.size() < 2) {
            throw new TfjsException("layer " + name + " needs at least two inputs");
        }
        Value v = in.getFirst();
        for (int i = 1; i < in.size(); i++) {
            v = e.binary(op, v, in.get(i));
        }
        return v;
    }

    private static Value one(List<Value> in, String name) {
        if (in.size() != 1) {
            throw new TfjsException("layer " + name + " takes one input, not " + in.size());
        }
        return in.getFirst();
    }

    private static int[] pair(JsonNode c, String key, int fallback) {
        JsonNode v = c.path(key);
        if (v.isArray()) {
            return new int[] {v.path(0).asInt(), v.path(1).asInt()};
        }
        int n = v.isNumber() ? v.asInt() : fallback;
        return new int[] {n, n};
    }

    /** The weight {@code <layer>/<param>}; converters sometimes prefix it with the model's name, so the suffix counts. */
    private TfjsModel.Weight weight(String layer, String param) {
        String suffix = layer + "/" + param;
        TfjsModel.Weight w = model.weights.get(suffix);
        if (w != null) {
            return w;
        }
        for (Map.Entry<String, TfjsModel.Weight> entry : model.weights.entrySet()) {
            if (entry.getKey().endsWith("/" + suffix)) {
                return entry.getValue();
            }
        }
        throw new TfjsException("layer " + layer + " has no weight " + param + " in the weights manifest");
    }
}
