package dev.atelier.engines.onnx.tflite;

import dev.atelier.engines.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TFLite vision model (the MediaPipe ones on npm: face detection, face mesh, selfie segmentation) into an
 * equivalent ONNX graph that ONNX Runtime runs.
 *
 * <p>Activations stay NCHW inside the graph (what ONNX's Conv and pooling expect); the NHWC model inputs are
 * transposed on entry and 4-D outputs transposed back on exit, so the converted model keeps the TFLite input and output
 * names, shapes and layout. Weights are re-laid out at conversion time (OHWI → OIHW; depthwise [1,H,W,C·M] →
 * [C·M,1,H,W] with C groups), fp16 constants behind DEQUANTIZE become float32, TensorFlow SAME padding becomes
 * explicit pads computed from the static shapes.
 *
 * <p>Supported operators: CONV_2D, DEPTHWISE_CONV_2D, the MediaPipe custom Convolution2DTransposeBias, ADD, SUB and
 * MUL (with fused activations), RELU, RELU6, PRELU, HARD_SWISH, LOGISTIC, TANH, AVERAGE_POOL_2D, MAX_POOL_2D, MEAN,
 * RESIZE_BILINEAR, PAD, CONCATENATION, RESHAPE, DEQUANTIZE. Anything else is a {@link TfliteException} naming it.
 */
public final class TfliteToOnnx {
    private final TfliteModel model;
    private final OnnxGraph g = new OnnxGraph();
    /** ONNX value names of activation tensors, by TFLite tensor index. */
    private final Map<Integer, String> values = new HashMap<>();
    /** Float data of constant tensors (including DEQUANTIZE outputs), by TFLite tensor index. */
    private final Map<Integer, float[]> constants = new HashMap<>();

    private TfliteToOnnx(TfliteModel model) {
        this.model = model;
    }

    /**
     * Converts the model.
     *
     * @return the ONNX model bytes
     * @throws TfliteException when the file is not a TFLite model or uses something the importer does not convert
     */
    public static byte[] convert(byte[] tflite) {
        TfliteToOnnx c = new TfliteToOnnx(TfliteModel.read(tflite));
        c.run();
        return c.g.build("atelier-tflite-import");
    }

    private void run() {
        for (TfliteModel.Tensor t : model.tensors) {
            if (t.isConstant() && (t.type() == TfliteModel.FLOAT32 || t.type() == TfliteModel.FLOAT16)) {
                constants.put(t.index(), t.floats());
            }
        }
        for (int i : model.inputs) {
            TfliteModel.Tensor t = tensor(i);
            g.input(t.name(), longs(t.shape()));
            if (t.shape().length == 4) {
                String nchw = g.fresh("input_nchw");
                g.node("Transpose", List.of(t.name()), List.of(nchw), "perm", new long[] {0, 3, 1, 2});
                values.put(i, nchw);
            } else {
                values.put(i, t.name());
            }
        }
        for (TfliteModel.Operator op : model.operators) {
            convert(op);
        }
        for (int i : model.outputs) {
            TfliteModel.Tensor t = tensor(i);
            String v = value(i);
            if (t.shape().length == 4) {
                g.node("Transpose", List.of(v), List.of(t.name()), "perm", new long[] {0, 2, 3, 1});
            } else {
                g.node("Identity", List.of(v), List.of(t.name()));
            }
            g.output(t.name(), longs(t.shape()));
        }
    }

    private TfliteModel.Tensor tensor(int i) {
        return model.tensors.get(i);
    }

    private String value(int i) {
        String v = values.get(i);
        if (v == null) {
            throw new TfliteException("tensor " + tensor(i).name() + " is used before it is computed");
        }
        return v;
    }

    private String out(TfliteModel.Operator op) {
        String name = "t" + op.outputs()[0];
        values.put(op.outputs()[0], name);
        return name;
    }

    private void convert(TfliteModel.Operator op) {
        int[] in = op.inputs();
        switch (op.name()) {
            case "DEQUANTIZE" -> {
                TfliteModel.Tensor t = tensor(in[0]);
                if (!t.isConstant()) {
                    throw new TfliteException("DEQUANTIZE of a computed tensor is not supported");
                }
                constants.put(op.outputs()[0], t.floats());
            }
            case "CONV_2D" -> conv(op, false);
            case "DEPTHWISE_CONV_2D" -> conv(op, true);
            case "Convolution2DTransposeBias" -> transposeConv(op);
            case "ADD" -> binary(op, "Add");
            case "SUB" -> binary(op, "Sub");
            case "MUL" -> binary(op, "Mul");
            case "RELU" -> g.node("Relu", List.of(value(in[0])), List.of(out(op)));
            case "RELU6" -> relu6(value(in[0]), out(op));
            case "LOGISTIC" -> g.node("Sigmoid", List.of(value(in[0])), List.of(out(op)));
            case "TANH" -> g.node("Tanh", List.of(value(in[0])), List.of(out(op)));
            case "HARD_SWISH" -> g.node("HardSwish", List.of(value(in[0])), List.of(out(op)));
            case "PRELU" -> g.node("PRelu", List.of(value(in[0]), constantLike(in[1], in[0])), List.of(out(op)));
            case "MAX_POOL_2D" -> pool(op, "MaxPool");
            case "AVERAGE_POOL_2D" -> pool(op, "AveragePool");
            case "MEAN" -> mean(op);
            case "PAD" -> pad(op);
            case "CONCATENATION" -> concat(op);
            case "RESHAPE" -> reshape(op);
            case "RESIZE_BILINEAR" -> resize(op);
            default -> throw new TfliteException("the TFLite operator " + op.name() + " is not supported by the importer");
        }
    }

    private void conv(TfliteModel.Operator op, boolean depthwise) {
        int[] in = op.inputs();
        FlatBuffer o = op.options();
        int[] xShape = tensor(in[0]).shape();
        int[] wShape = tensor(in[1]).shape();
        float[] w = constant(in[1]);
        int padding = o.getByte(0, 0);
        int strideW = o.getInt(1, 1);
        int strideH = o.getInt(2, 1);
        int activation = o.getByte(depthwise ? 4 : 3, 0);
        int dilW = o.getInt(depthwise ? 5 : 4, 1);
        int dilH = o.getInt(depthwise ? 6 : 5, 1);
        int kh = wShape[1];
        int kw = wShape[2];
        long[] weightShape;
        float[] weights;
        long group;
        if (depthwise) {
            // [1, H, W, C·M] → [C·M, 1, H, W], one group per input channel.
            int cm = wShape[3];
            weights = transpose(w, new int[] {1, kh, kw, cm}, new int[] {3, 0, 1, 2});
            weightShape = new long[] {cm, 1, kh, kw};
            group = xShape[3];
        } else {
            // OHWI → OIHW.
            weights = transpose(w, wShape, new int[] {0, 3, 1, 2});
            weightShape = new long[] {wShape[0], wShape[3], kh, kw};
            group = 1;
        }
        String wName = g.floats(g.fresh("w"), weights, weightShape);
        List<String> inputs = in.length > 2 && in[2] >= 0
                ? List.of(value(in[0]), wName, g.floats(g.fresh("b"), constant(in[2]), weightShape[0]))
                : List.of(value(in[0]), wName);
        long[] ph = pads(padding, xShape[1], kh, strideH, dilH);
        long[] pw = pads(padding, xShape[2], kw, strideW, dilW);
        String raw = activation == 0 ? out(op) : g.fresh("conv");
        g.node("Conv", inputs, List.of(raw), "kernel_shape", new long[] {kh, kw}, "strides",
                new long[] {strideH, strideW}, "dilations", new long[] {dilH, dilW}, "pads",
                new long[] {ph[0], pw[0], ph[1], pw[1]}, "group", group);
        if (activation != 0) {
            activation(raw, activation, out(op));
        }
    }

    /** MediaPipe's custom transposed convolution with bias; options are {padding, stride_w, stride_h} as int32. */
    private void transposeConv(TfliteModel.Operator op) {
        int[] in = op.inputs();
        byte[] c = op.customOptions();
        if (c.length < 12) {
            throw new TfliteException("Convolution2DTransposeBias without its 12-byte options");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int padding = b.getInt(0);
        int strideW = b.getInt(4);
        int strideH = b.getInt(8);
        int[] xShape = tensor(in[0]).shape();
        int[] wShape = tensor(in[1]).shape();
        int[] yShape = tensor(op.outputs()[0]).shape();
        // TFLite [O, H, W, I] → ONNX ConvTranspose [I, O, H, W].
        float[] weights = transpose(constant(in[1]), wShape, new int[] {3, 0, 1, 2});
        String wName = g.floats(g.fresh("w"), weights, wShape[3], wShape[0], wShape[1], wShape[2]);
        String bName = g.floats(g.fresh("b"), constant(in[2]), wShape[0]);
        long[] pads = new long[4];
        long[] outPad = new long[2];
        int[] k = {wShape[1], wShape[2]};
        int[] s = {strideH, strideW};
        for (int d = 0; d < 2; d++) {
            int total = (xShape[1 + d] - 1) * s[d] + k[d] - yShape[1 + d];
            if (padding == 2 || total < 0) {
                outPad[d] = Math.max(0, -total);
                total = Math.max(0, total);
            }
            pads[d] = total / 2;
            pads[d + 2] = total - total / 2;
        }
        g.node("ConvTranspose", List.of(value(in[0]), wName, bName), List.of(out(op)), "kernel_shape",
                new long[] {k[0], k[1]}, "strides", new long[] {s[0], s[1]}, "pads", pads, "output_padding", outPad);
    }

    /** TensorFlow's SAME padding (extra pixel at the end) or none for VALID. */
    static long[] pads(int padding, int in, int k, int stride, int dilation) {
        if (padding == 1) {
            return new long[] {0, 0};
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0);
        return new long[] {total / 2, total - total / 2};
    }

    private void binary(TfliteModel.Operator op, String onnxOp) {
        int[] in = op.inputs();
        int activation = op.options() == null ? 0 : op.options().getByte(0, 0);
        String a = operand(in[0], in[1]);
        String b = operand(in[1], in[0]);
        String raw = activation == 0 ? out(op) : g.fresh(onnxOp.toLowerCase(java.util.Locale.ROOT));
        g.node(onnxOp, List.of(a, b), List.of(raw));
        if (activation != 0) {
            activation(raw, activation, out(op));
        }
    }

    /** An operand of an elementwise operator: the computed value, or a constant laid out to broadcast against it. */
    private String operand(int index, int other) {
        return constants.containsKey(index) ? constantLike(index, other) : value(index);
    }

    /** A constant reshaped (and transposed to NCHW) to broadcast against a 4-D activation as it did against NHWC. */
    private String constantLike(int index, int activation) {
        float[] data = constant(index);
        int[] shape = tensor(index).shape();
        if (tensor(activation).shape().length != 4) {
            return g.floats(g.fresh("c"), data, longs(shape));
        }
        int[] four = new int[] {1, 1, 1, 1};
        System.arraycopy(shape, 0, four, 4 - shape.length, shape.length);
        float[] nchw = transpose(data, four, new int[] {0, 3, 1, 2});
        return g.floats(g.fresh("c"), nchw, four[0], four[3], four[1], four[2]);
    }

    private void activation(String in, int fn, String out) {
        switch (fn) {
            case 1 -> g.node("Relu", List.of(in), List.of(out));
            case 3 -> relu6(in, out);
            case 2 -> g.node("Clip", List.of(in, scalar(-1f), scalar(1f)), List.of(out));
            case 4 -> g.node("Tanh", List.of(in), List.of(out));
            default -> throw new TfliteException("fused activation " + fn + " is not supported");
        }
    }

    private void relu6(String in, String out) {
        g.node("Clip", List.of(in, scalar(0f), scalar(6f)), List.of(out));
    }

    private String scalar(float v) {
        return g.floats(g.fresh("s"), new float[] {v});
    }

    private void pool(TfliteModel.Operator op, String onnxOp) {
        FlatBuffer o = op.options();
        int[] xShape = tensor(op.inputs()[0]).shape();
        int padding = o.getByte(0, 0);
        int strideW = o.getInt(1, 1);
        int strideH = o.getInt(2, 1);
        int kw = o.getInt(3, 1);
        int kh = o.getInt(4, 1);
        int activation = o.getByte(5, 0);
        long[] ph = pads(padding, xShape[1], kh, strideH, 1);
        long[] pw = pads(padding, xShape[2], kw, strideW, 1);
        String raw = activation == 0 ? out(op) : g.fresh("pool");
        // AveragePool excludes padding from the count by default, as TensorFlow does.
        g.node(onnxOp, List.of(value(op.inputs()[0])), List.of(raw), "kernel_shape", new long[] {kh, kw}, "strides",
                new long[] {strideH, strideW}, "pads", new long[] {ph[0], pw[0], ph[1], pw[1]});
        if (activation != 0) {
            activation(raw, activation, out(op));
        }
    }

    private static final int[] NHWC_TO_NCHW_AXIS = {0, 2, 3, 1};

    private long axis(int nhwcAxis, int rank) {
        int a = nhwcAxis < 0 ? nhwcAxis + rank : nhwcAxis;
        return rank == 4 ? NHWC_TO_NCHW_AXIS[a] : a;
    }

    private void mean(TfliteModel.Operator op) {
        int[] in = op.inputs();
        int rank = tensor(in[0]).shape().length;
        long[] axes = Arrays.stream(tensor(in[1]).longs()).map(a -> axis((int) a, rank)).toArray();
        boolean keep = op.options() != null && op.options().getBool(0);
        if (!keep && rank == 4) {
            throw new TfliteException("MEAN without keep_dims on a 4-D tensor is not supported");
        }
        g.node("ReduceMean", List.of(value(in[0])), List.of(out(op)), "axes", axes, "keepdims", keep ? 1L : 0L);
    }

    private void pad(TfliteModel.Operator op) {
        int[] in = op.inputs();
        long[] p = tensor(in[1]).longs();
        int rank = p.length / 2;
        long[] pads = new long[2 * rank];
        for (int d = 0; d < rank; d++) {
            int a = (int) axis(d, rank);
            pads[a] = p[2 * d];
            pads[a + rank] = p[2 * d + 1];
        }
        g.node("Pad", List.of(value(in[0]), g.longs(g.fresh("pads"), pads, pads.length)), List.of(out(op)));
    }

    private void concat(TfliteModel.Operator op) {
        int rank = tensor(op.outputs()[0]).shape().length;
        FlatBuffer o = op.options();
        long axis = axis(o.getInt(0, 0), rank);
        int activation = o.getByte(1, 0);
        List<String> inputs = Arrays.stream(op.inputs()).mapToObj(i -> operand(i, op.outputs()[0])).toList();
        String raw = activation == 0 ? out(op) : g.fresh("concat");
        g.node("Concat", inputs, List.of(raw), "axis", axis);
        if (activation != 0) {
            activation(raw, activation, out(op));
        }
    }

    /** Reshape follows NHWC element order: 4-D inputs go back to NHWC first, 4-D results to NCHW after. */
    private void reshape(TfliteModel.Operator op) {
        int[] in = op.inputs();
        String x = value(in[0]);
        if (tensor(in[0]).shape().length == 4) {
            String nhwc = g.fresh("nhwc");
            g.node("Transpose", List.of(x), List.of(nhwc), "perm", new long[] {0, 2, 3, 1});
            x = nhwc;
        }
        int[] target = tensor(op.outputs()[0]).shape();
        String shape = g.longs(g.fresh("shape"), longs(target), target.length);
        if (target.length == 4) {
            String flat = g.fresh("reshaped");
            g.node("Reshape", List.of(x, shape), List.of(flat));
            g.node("Transpose", List.of(flat), List.of(out(op)), "perm", new long[] {0, 3, 1, 2});
        } else {
            g.node("Reshape", List.of(x, shape), List.of(out(op)));
        }
    }

    private void resize(TfliteModel.Operator op) {
        int[] y = tensor(op.outputs()[0]).shape();
        FlatBuffer o = op.options();
        boolean alignCorners = o != null && o.getBool(2);
        boolean halfPixel = o != null && o.getBool(3);
        String mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        String sizes = g.longs(g.fresh("sizes"), new long[] {y[0], y[3], y[1], y[2]}, 4);
        g.node("Resize", List.of(value(op.inputs()[0]), "", "", sizes), List.of(out(op)), "mode", "linear",
                "coordinate_transformation_mode", mode);
    }

    private float[] constant(int index) {
        float[] c = constants.get(index);
        if (c == null) {
            throw new TfliteException("tensor " + tensor(index).name() + " must be a float constant");
        }
        return c;
    }

    private static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    static float[] transpose(float[] data, int[] shape, int[] perm) {
        try {
            return OnnxGraph.transpose(data, shape, perm);
        } catch (IllegalArgumentException e) {
            throw new TfliteException(e.getMessage());
        }
    }
}
