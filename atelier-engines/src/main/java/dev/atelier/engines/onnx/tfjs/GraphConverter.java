package dev.atelier.engines.onnx.tfjs;

import dev.atelier.engines.onnx.tfjs.Emitter.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Converts a TF.js graph model: the frozen TensorFlow GraphDef in {@code modelTopology.node}, whose {@code Const}
 * values are the named weights. Nodes are converted in dependency order; constant arguments (shapes, axes, slice
 * bounds) must be constants, as in the models we pin. Inputs and outputs keep the signature's names ({@code input:0},
 * {@code Identity:0}) when the model has one, else the node names.
 */
final class GraphConverter {
    private final TfjsModel model;
    private final Emitter e = new Emitter();
    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();

    GraphConverter(TfjsModel model) {
        this.model = model;
        for (JsonNode n : model.topology.path("node").values()) {
            nodes.put(n.path("name").asString(), n);
        }
    }

    byte[] convert() {
        Map<String, String> inputNames = signatureNames(model.signature.path("inputs"));
        Map<String, String> outputNames = signatureNames(model.signature.path("outputs"));
        if (outputNames.isEmpty()) {
            Set<String> consumed = new HashSet<>();
            nodes.values().forEach(n -> n.path("input").values().forEach(i -> consumed.add(nodeName(i.asString()))));
            nodes.forEach((name, n) -> {
                if (!consumed.contains(name) && !n.path("op").asString().equals("Const")) {
                    outputNames.put(name, name);
                }
            });
        }
        for (JsonNode n : nodes.values()) {
            if (n.path("op").asString().equals("Placeholder")) {
                String name = n.path("name").asString();
                values.put(name, e.input(inputNames.getOrDefault(name, name), placeholderShape(n)));
            }
        }
        for (Map.Entry<String, String> out : new java.util.TreeMap<>(outputNames).entrySet()) {
            e.output(value(out.getKey()), out.getValue());
        }
        return e.g.build("atelier-tfjs-import");
    }

    /** Node name → graph name, from a signature's {@code "input:0": {"name": "input:0"}} entries. */
    private static Map<String, String> signatureNames(JsonNode entries) {
        Map<String, String> out = new HashMap<>();
        entries.properties().forEach(p -> out.put(nodeName(p.getKey()), p.getValue().path("name").asString(p.getKey())));
        return out;
    }

    private static String nodeName(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.lastIndexOf(':');
        return colon > 0 && s.substring(colon + 1).chars().allMatch(Character::isDigit) ? s.substring(0, colon) : s;
    }

    private static int[] placeholderShape(JsonNode n) {
        JsonNode dims = n.path("attr").path("shape").path("shape").path("dim");
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).path("size").asInt(-1);
        }
        return shape;
    }

    private Value value(String input) {
        String name = nodeName(input);
        Value v = values.get(name);
        if (v != null) {
            return v;
        }
        JsonNode n = nodes.get(name);
        if (n == null) {
            throw new TfjsException("the graph uses " + name + ", which no node computes");
        }
        if (!visiting.add(name)) {
            throw new TfjsException("the graph has a cycle through " + name);
        }
        v = convert(n);
        visiting.remove(name);
        values.put(name, v);
        return v;
    }

    private Value arg(JsonNode n, int i) {
        JsonNode in = dataInputs(n);
        if (i >= in.size()) {
            throw new TfjsException(n.path("op").asString() + " " + n.path("name").asString() + " lacks input " + i);
        }
        return value(in.get(i).asString());
    }

    private static JsonNode dataInputs(JsonNode n) {
        tools.jackson.databind.node.ArrayNode out = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        n.path("input").values().forEach(i -> {
            if (!i.asString().startsWith("^")) {
                out.add(i);
            }
        });
        return out;
    }

    private float[] constArg(JsonNode n, int i) {
        Value v = arg(n, i);
        if (!v.isConstant()) {
            throw new TfjsException(n.path("op").asString() + " " + n.path("name").asString() + " needs input " + i
                    + " to be a constant");
        }
        return v.constant();
    }

    private int[] intsArg(JsonNode n, int i) {
        float[] f = constArg(n, i);
        int[] out = new int[f.length];
        for (int k = 0; k < f.length; k++) {
            out[k] = (int) f[k];
        }
        return out;
    }

    private Value convert(JsonNode n) {
        String op = n.path("op").asString();
        String name = n.path("name").asString();
        JsonNode attr = n.path("attr");
        return switch (op) {
            case "Const" -> {
                TfjsModel.Weight w = model.weights.get(name);
                if (w == null) {
                    throw new TfjsException("the constant " + name + " has no weight in the weights manifest");
                }
                yield Emitter.constant(w.data(), w.shape());
            }
            case "Identity", "StopGradient" -> arg(n, 0);
            case "Conv2D", "_FusedConv2D" -> fused(n, conv(n, attr, false));
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> fused(n, conv(n, attr, true));
            case "MatMul", "_FusedMatMul" -> {
                if (bool(attr, "transpose_a")) {
                    throw new TfjsException("MatMul with transpose_a (" + name + ") is not supported");
                }
                Value b = arg(n, 1);
                if (!b.isConstant()) {
                    throw new TfjsException("MatMul " + name + " by a computed matrix is not supported");
                }
                yield fused(n, e.matMul(arg(n, 0), b.constant(), b.shape(), bool(attr, "transpose_b"), null));
            }
            case "BiasAdd" -> e.binary("Add", arg(n, 0), arg(n, 1));
            case "AvgPool", "MaxPool" -> {
                int[] k = ints(attr, "ksize");
                int[] s = ints(attr, "strides");
                checkNhwc(attr, name);
                yield e.pool(op.equals("AvgPool") ? "AveragePool" : "MaxPool", arg(n, 0), new int[] {k[1], k[2]},
                        new int[] {s[1], s[2]}, string(attr, "padding"));
            }
            case "Add", "AddV2" -> e.binary("Add", arg(n, 0), arg(n, 1));
            case "Sub" -> e.binary("Sub", arg(n, 0), arg(n, 1));
            case "Mul" -> e.binary("Mul", arg(n, 0), arg(n, 1));
            case "RealDiv", "Div" -> e.binary("Div", arg(n, 0), arg(n, 1));
            case "Maximum" -> e.binary("Max", arg(n, 0), arg(n, 1));
            case "Minimum" -> e.binary("Min", arg(n, 0), arg(n, 1));
            case "Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "Softmax" -> e.activation(arg(n, 0), op);
            case "Mean", "Max" -> e.reduce(op.equals("Mean") ? "ReduceMean" : "ReduceMax", arg(n, 0), intsArg(n, 1),
                    bool(attr, "keep_dims"));
            case "Reshape" -> e.reshape(arg(n, 0), intsArg(n, 1));
            case "ExpandDims" -> e.expandDims(arg(n, 0), intsArg(n, 1)[0]);
            case "Squeeze" -> e.squeeze(arg(n, 0), ints(attr, "squeeze_dims"));
            case "ConcatV2" -> {
                JsonNode in = dataInputs(n);
                List<Value> parts = new ArrayList<>();
                for (int i = 0; i < in.size() - 1; i++) {
                    parts.add(arg(n, i));
                }
                yield e.concat(parts, intsArg(n, in.size() - 1)[0]);
            }
            case "StridedSlice" -> stridedSlice(n, attr);
            default -> throw new TfjsException("the TensorFlow operator " + op + " (node " + name
                    + ") is not supported by the importer");
        };
    }

    private Value conv(JsonNode n, JsonNode attr, boolean depthwise) {
        checkNhwc(attr, n.path("name").asString());
        Value f = arg(n, 1);
        if (!f.isConstant()) {
            throw new TfjsException("convolution " + n.path("name").asString() + " with computed filters");
        }
        int[] s = ints(attr, "strides");
        int[] d = attr.has("dilations") ? ints(attr, "dilations") : new int[] {1, 1, 1, 1};
        String padding = string(attr, "padding");
        long[] pads = null;
        if (padding.equals("EXPLICIT")) {
            int[] p = ints(attr, "explicit_paddings");
            pads = new long[] {p[2], p[3], p[4], p[5]};
        }
        return e.conv(arg(n, 0), f.constant(), f.shape(), null, new int[] {s[1], s[2]}, new int[] {d[1], d[2]},
                padding, pads, depthwise);
    }

    /** Applies a fused node's {@code fused_ops} (BiasAdd, then an activation) to its core result. */
    private Value fused(JsonNode n, Value core) {
        List<String> ops = new ArrayList<>();
        n.path("attr").path("fused_ops").path("list").path("s").values().forEach(s -> ops.add(decode(s.asString())));
        Value v = core;
        int next = 2;
        for (String op : ops) {
            switch (op) {
                case "BiasAdd" -> v = e.binary("Add", v, arg(n, next++));
                case "Relu", "Relu6", "Elu", "Sigmoid", "Tanh" -> v = e.activation(v, op);
                default -> throw new TfjsException("the fused operation " + op + " in " + n.path("name").asString()
                        + " is not supported by the importer");
            }
        }
        return v;
    }

    private Value stridedSlice(JsonNode n, JsonNode attr) {
        String name = n.path("name").asString();
        if (integer(attr, "ellipsis_mask") != 0 || integer(attr, "new_axis_mask") != 0) {
            throw new TfjsException("StridedSlice " + name + " with an ellipsis or new axis is not supported");
        }
        Value x = arg(n, 0);
        int[] begin = intsArg(n, 1);
        int[] end = intsArg(n, 2);
        int[] strides = intsArg(n, 3);
        int beginMask = integer(attr, "begin_mask");
        int endMask = integer(attr, "end_mask");
        int shrinkMask = integer(attr, "shrink_axis_mask");
        int k = begin.length;
        long[] starts = new long[k];
        long[] ends = new long[k];
        long[] steps = new long[k];
        List<Integer> kept = new ArrayList<>();
        List<Long> shrink = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (strides[i] <= 0) {
                throw new TfjsException("StridedSlice " + name + " with a non-positive stride is not supported");
            }
            steps[i] = strides[i];
            boolean shrinks = (shrinkMask >> i & 1) != 0;
            starts[i] = (beginMask >> i & 1) != 0 && !shrinks ? 0 : begin[i];
            ends[i] = shrinks ? (begin[i] == -1 ? Long.MAX_VALUE : begin[i] + 1L)
                    : (endMask >> i & 1) != 0 ? Long.MAX_VALUE : end[i];
            if (shrinks) {
                shrink.add((long) i);
            } else {
                kept.add(i);
            }
        }
        List<Integer> shape = new ArrayList<>();
        for (int d = 0; d < x.rank(); d++) {
            if (d >= k) {
                shape.add(x.shape()[d]);
            } else if (kept.contains(d)) {
                int size = x.shape()[d];
                long lo = starts[d] < 0 ? starts[d] + size : starts[d];
                long hi = ends[d] == Long.MAX_VALUE ? size : ends[d] < 0 ? ends[d] + size : Math.min(ends[d], size);
                shape.add(size < 0 ? -1 : (int) Math.max(0, (hi - lo + steps[d] - 1) / steps[d]));
            }
        }
        return e.slice(x, starts, ends, steps, shape.stream().mapToInt(Integer::intValue).toArray(),
                shrink.stream().mapToLong(Long::longValue).toArray());
    }

    private static void checkNhwc(JsonNode attr, String name) {
        if (attr.has("data_format") && !string(attr, "data_format").equals("NHWC")) {
            throw new TfjsException(name + " uses data format " + string(attr, "data_format") + "; only NHWC is supported");
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String string(JsonNode attr, String key) {
        return decode(attr.path(key).path("s").asString(""));
    }

    private static int[] ints(JsonNode attr, String key) {
        JsonNode list = attr.path(key).path("list").path("i");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.parseInt(list.get(i).asString());
        }
        return out;
    }

    private static int integer(JsonNode attr, String key) {
        return Integer.parseInt(attr.path(key).path("i").asString("0"));
    }

    private static boolean bool(JsonNode attr, String key) {
        return attr.path(key).path("b").asBoolean(false);
    }
}
