package dev.atelier.engines.onnx.tfjs;

import dev.atelier.engines.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX side of both TF.js converters. TensorFlow tensors are NHWC; ONNX's Conv and pooling want NCHW, so a 4-D
 * activation lives in the ONNX graph as NCHW while its {@link Value} keeps the TensorFlow (NHWC) shape: 4-D inputs are
 * transposed on entry and 4-D outputs back on exit, constants that broadcast against a 4-D activation are laid out for
 * NCHW at conversion time, and the few operators that depend on element order (reshape, slicing) go through NHWC.
 * A {@code -1} dimension is unknown until run time.
 */
final class Emitter {
    /** A tensor of the TensorFlow graph: an ONNX value, or a constant kept in Java until an operator needs it. */
    record Value(String name, int[] shape, float[] constant) {
        int rank() {
            return shape.length;
        }

        boolean isConstant() {
            return constant != null;
        }
    }

    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};
    private static final int[] NHWC_AXIS_IN_NCHW = {0, 2, 3, 1};

    final OnnxGraph g = new OnnxGraph();

    Value input(String name, int[] shape) {
        g.input(name, longs(shape));
        if (shape.length != 4) {
            return new Value(name, shape, null);
        }
        String nchw = g.fresh("nchw");
        g.node("Transpose", List.of(name), List.of(nchw), "perm", TO_NCHW);
        return new Value(nchw, shape, null);
    }

    void output(Value v, String name) {
        if (v.rank() == 4) {
            g.node("Transpose", List.of(name(v, 4)), List.of(name), "perm", TO_NHWC);
        } else {
            g.node("Identity", List.of(name(v, v.rank())), List.of(name));
        }
        g.output(name, longs(v.shape()));
    }

    static Value constant(float[] data, int[] shape) {
        return new Value(null, shape, data);
    }

    /** The ONNX name of a value used beside a tensor of {@code rank}: constants are written out (NCHW when 4-D). */
    String name(Value v, int rank) {
        if (!v.isConstant()) {
            return v.name();
        }
        if (rank != 4 || v.rank() == 0) {
            return g.floats(g.fresh("c"), v.constant(), longs(v.shape()));
        }
        int[] four = {1, 1, 1, 1};
        System.arraycopy(v.shape(), 0, four, 4 - v.rank(), v.rank());
        float[] nchw = transpose(v.constant(), four, new int[] {0, 3, 1, 2});
        return g.floats(g.fresh("c"), nchw, four[0], four[3], four[1], four[2]);
    }

    /** A 4-D value in NHWC element order (for reshapes and slices); other ranks as they are. */
    String nhwc(Value v) {
        String n = name(v, v.rank());
        if (v.rank() != 4 || v.isConstant()) {
            return n;
        }
        String out = g.fresh("nhwc");
        g.node("Transpose", List.of(n), List.of(out), "perm", TO_NHWC);
        return out;
    }

    /** The inverse of {@link #nhwc}: wraps an NHWC-ordered ONNX value of the given TensorFlow shape. */
    Value fromNhwc(String name, int[] shape) {
        if (shape.length != 4) {
            return new Value(name, shape, null);
        }
        String out = g.fresh("nchw");
        g.node("Transpose", List.of(name), List.of(out), "perm", TO_NCHW);
        return new Value(out, shape, null);
    }

    /** The ONNX axis of TensorFlow axis {@code axis} of a tensor of {@code rank}. */
    static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new TfjsException("axis " + axis + " is out of range for rank " + rank);
        }
        return rank == 4 ? NHWC_AXIS_IN_NCHW[a] : a;
    }

    /**
     * A 2-D convolution. {@code filter} is TensorFlow's HWIO ({@code [kh, kw, in, out]}), or HWCM ({@code [kh, kw, in,
     * multiplier]}) when {@code depthwise}. {@code pads} are explicit {top, bottom, left, right} for padding EXPLICIT.
     */
    Value conv(Value x, float[] filter, int[] fShape, float[] bias, int[] stride, int[] dilation, String padding,
            long[] pads, boolean depthwise) {
        if (x.rank() != 4 || fShape.length != 4) {
            throw new TfjsException("convolution of a rank-" + x.rank() + " tensor is not supported");
        }
        int kh = fShape[0];
        int kw = fShape[1];
        int cin = fShape[2];
        int cout = depthwise ? fShape[2] * fShape[3] : fShape[3];
        float[] w = depthwise
                ? transpose(filter, new int[] {kh, kw, cout}, new int[] {2, 0, 1})
                : transpose(filter, fShape, new int[] {3, 2, 0, 1});
        long[] wShape = depthwise ? new long[] {cout, 1, kh, kw} : new long[] {cout, cin, kh, kw};
        List<String> in = new ArrayList<>(List.of(name(x, 4), g.floats(g.fresh("w"), w, wShape)));
        if (bias != null) {
            in.add(g.floats(g.fresh("b"), bias, cout));
        }
        int[] y = {x.shape()[0], outSize(x.shape()[1], kh, stride[0], dilation[0], padding, pads, 0),
            outSize(x.shape()[2], kw, stride[1], dilation[1], padding, pads, 2), cout};
        String out = g.fresh("conv");
        List<Object> attrs = new ArrayList<>(List.of("kernel_shape", new long[] {kh, kw}, "strides",
                new long[] {stride[0], stride[1]}, "dilations", new long[] {dilation[0], dilation[1]}, "group",
                (long) (depthwise ? cin : 1)));
        attrs.addAll(padAttributes(x.shape(), new int[] {kh, kw}, stride, dilation, padding, pads));
        g.node("Conv", in, List.of(out), attrs.toArray());
        return new Value(out, y, null);
    }

    /** MaxPool or AveragePool (padding excluded from the average, as in TensorFlow). */
    Value pool(String onnxOp, Value x, int[] kernel, int[] stride, String padding) {
        if (x.rank() != 4) {
            throw new TfjsException("pooling of a rank-" + x.rank() + " tensor is not supported");
        }
        int[] one = {1, 1};
        int[] y = {x.shape()[0], outSize(x.shape()[1], kernel[0], stride[0], 1, padding, null, 0),
            outSize(x.shape()[2], kernel[1], stride[1], 1, padding, null, 2), x.shape()[3]};
        String out = g.fresh("pool");
        List<Object> attrs = new ArrayList<>(List.of("kernel_shape", new long[] {kernel[0], kernel[1]}, "strides",
                new long[] {stride[0], stride[1]}));
        attrs.addAll(padAttributes(x.shape(), kernel, stride, one, padding, null));
        g.node(onnxOp, List.of(name(x, 4)), List.of(out), attrs.toArray());
        return new Value(out, y, null);
    }

    /**
     * TensorFlow SAME padding as explicit ONNX pads (the extra pixel at the end); where the input size is unknown and
     * the stride is not 1 the pads depend on it, so ONNX's SAME_UPPER (the same rule, applied at run time) is used.
     */
    private static List<Object> padAttributes(int[] x, int[] k, int[] stride, int[] dilation, String padding,
            long[] explicit) {
        long[] pads = new long[4];
        switch (padding) {
            case "VALID" -> { }
            case "EXPLICIT" -> pads = new long[] {explicit[0], explicit[2], explicit[1], explicit[3]};
            case "SAME" -> {
                for (int d = 0; d < 2; d++) {
                    long[] p = samePads(x[1 + d], k[d], stride[d], dilation[d]);
                    if (p == null) {
                        return List.of("auto_pad", "SAME_UPPER");
                    }
                    pads[d] = p[0];
                    pads[d + 2] = p[1];
                }
            }
            default -> throw new TfjsException("padding " + padding + " is not supported");
        }
        return List.of("pads", pads);
    }

    /** {before, after} for SAME padding, or null when it depends on an unknown input size. */
    static long[] samePads(int in, int k, int stride, int dilation) {
        int extent = (k - 1) * dilation + 1;
        int total;
        if (stride == 1) {
            total = extent - 1;
        } else if (in < 0) {
            return null;
        } else {
            int out = (in + stride - 1) / stride;
            total = Math.max((out - 1) * stride + extent - in, 0);
        }
        return new long[] {total / 2, total - total / 2};
    }

    private static int outSize(int in, int k, int stride, int dilation, String padding, long[] pads, int at) {
        if (in < 0) {
            return -1;
        }
        int extent = (k - 1) * dilation + 1;
        return switch (padding) {
            case "SAME" -> (in + stride - 1) / stride;
            case "EXPLICIT" -> (int) ((in + pads[at] + pads[at + 1] - extent) / stride + 1);
            default -> (in - extent) / stride + 1;
        };
    }

    /** An elementwise operator with NumPy broadcasting, as TensorFlow's. */
    Value binary(String onnxOp, Value a, Value b) {
        int rank = Math.max(a.rank(), b.rank());
        for (Value v : List.of(a, b)) {
            if (rank == 4 && v.rank() != 4 && !v.isConstant()) {
                throw new TfjsException("broadcasting a computed rank-" + v.rank() + " tensor against a 4-D one"
                        + " is not supported");
            }
        }
        String out = g.fresh(onnxOp.toLowerCase(java.util.Locale.ROOT));
        g.node(onnxOp, List.of(name(a, rank), name(b, rank)), List.of(out));
        return new Value(out, broadcast(a.shape(), b.shape()), null);
    }

    private static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            out[i] = da == 1 ? db : db == 1 ? da : da < 0 ? db : da;
        }
        return out;
    }

    Value unary(String onnxOp, Value x, Object... attributes) {
        String out = g.fresh(onnxOp.toLowerCase(java.util.Locale.ROOT));
        g.node(onnxOp, List.of(name(x, x.rank())), List.of(out), attributes);
        return new Value(out, x.shape(), null);
    }

    /** Keras/TensorFlow activation names. */
    Value activation(Value x, String fn) {
        return switch (fn) {
            case "linear", "Identity" -> x;
            case "relu", "Relu" -> unary("Relu", x);
            case "relu6", "Relu6" -> clip(x, 0f, 6f);
            case "sigmoid", "Sigmoid" -> unary("Sigmoid", x);
            case "tanh", "Tanh" -> unary("Tanh", x);
            case "elu", "Elu" -> unary("Elu", x);
            case "softmax", "Softmax" -> unary("Softmax", x, "axis", (long) axis(-1, x.rank()));
            default -> throw new TfjsException("the activation " + fn + " is not supported");
        };
    }

    Value clip(Value x, float lo, float hi) {
        String out = g.fresh("clip");
        g.node("Clip", List.of(name(x, x.rank()), scalar(lo), scalar(hi)), List.of(out));
        return new Value(out, x.shape(), null);
    }

    String scalar(float v) {
        return g.floats(g.fresh("s"), new float[] {v});
    }

    /** {@code x · W (+ bias)} for a 2-D {@code x}; {@code w} is {@code [in, out]}, or {@code [out, in]} transposed. */
    Value matMul(Value x, float[] w, int[] wShape, boolean transposeB, float[] bias) {
        if (x.rank() != 2 || wShape.length != 2) {
            throw new TfjsException("matrix multiplication of rank " + x.rank() + " by rank " + wShape.length
                    + " is not supported");
        }
        float[] b = transposeB ? transpose(w, wShape, new int[] {1, 0}) : w;
        int in = transposeB ? wShape[1] : wShape[0];
        int outDim = transposeB ? wShape[0] : wShape[1];
        String mm = g.fresh("matmul");
        g.node("MatMul", List.of(name(x, 2), g.floats(g.fresh("w"), b, in, outDim)), List.of(mm));
        Value y = new Value(mm, new int[] {x.shape()[0], outDim}, null);
        return bias == null ? y : binary("Add", y, constant(bias, new int[] {outDim}));
    }

    /** A reshape in TensorFlow's (NHWC) element order; {@code target} may hold one -1. */
    Value reshape(Value x, int[] target) {
        int[] shape = target.clone();
        long known = 1;
        int free = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                free = i;
            } else {
                known *= shape[i];
            }
        }
        long total = 1;
        for (int d : x.shape()) {
            total = d < 0 || total < 0 ? -1 : total * d;
        }
        if (free >= 0 && total >= 0 && known > 0) {
            shape[free] = (int) (total / known);
        }
        String out = g.fresh("reshape");
        g.node("Reshape", List.of(nhwc(x), g.longs(g.fresh("shape"), longs(target), target.length)), List.of(out));
        return fromNhwc(out, shape);
    }

    Value reduce(String onnxOp, Value x, int[] axes, boolean keep) {
        int rank = x.rank();
        boolean viaNhwc = rank == 4 && !keep;
        long[] onnxAxes = new long[axes.length];
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + rank : axes[i];
            dropped.add(a);
            onnxAxes[i] = viaNhwc ? a : axis(a, rank);
        }
        int[] y = keep ? x.shape().clone() : new int[rank - axes.length];
        for (int d = 0, j = 0; d < rank; d++) {
            if (keep && dropped.contains(d)) {
                y[d] = 1;
            } else if (!keep && !dropped.contains(d)) {
                y[j++] = x.shape()[d];
            }
        }
        String out = g.fresh("reduce");
        g.node(onnxOp, List.of(viaNhwc ? nhwc(x) : name(x, rank)), List.of(out), "axes", onnxAxes, "keepdims",
                keep ? 1L : 0L);
        return viaNhwc ? fromNhwc(out, y) : new Value(out, y, null);
    }

    Value concat(List<Value> parts, int tfAxis) {
        int rank = parts.stream().mapToInt(Value::rank).max().orElseThrow();
        int a = tfAxis < 0 ? tfAxis + rank : tfAxis;
        int[] y = parts.getFirst().shape().clone();
        y[a] = 0;
        List<String> names = new ArrayList<>();
        for (Value p : parts) {
            names.add(name(p, rank));
            y[a] = y[a] < 0 || p.shape()[a] < 0 ? -1 : y[a] + p.shape()[a];
        }
        String out = g.fresh("concat");
        g.node("Concat", names, List.of(out), "axis", (long) axis(a, rank));
        return new Value(out, y, null);
    }

    /** Nearest-neighbour upsampling by whole factors: each pixel repeated, as TensorFlow's. */
    Value upsampleNearest(Value x, int sh, int sw) {
        String out = g.fresh("upsample");
        String scales = g.floats(g.fresh("scales"), new float[] {1, 1, sh, sw}, 4);
        g.node("Resize", List.of(name(x, 4), "", scales), List.of(out), "mode", "nearest",
                "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor");
        int[] s = x.shape();
        return new Value(out, new int[] {s[0], s[1] < 0 ? -1 : s[1] * sh, s[2] < 0 ? -1 : s[2] * sw, s[3]}, null);
    }

    Value zeroPad(Value x, int top, int bottom, int left, int right) {
        String out = g.fresh("pad");
        String pads = g.longs(g.fresh("pads"), new long[] {0, 0, top, left, 0, 0, bottom, right}, 8);
        g.node("Pad", List.of(name(x, 4), pads), List.of(out));
        int[] s = x.shape();
        return new Value(out, new int[] {s[0], s[1] < 0 ? -1 : s[1] + top + bottom,
            s[2] < 0 ? -1 : s[2] + left + right, s[3]}, null);
    }

    /** TensorFlow's depth_to_space on NHWC, which is ONNX DepthToSpace in DCR mode on NCHW. */
    Value depthToSpace(Value x, int block) {
        String out = g.fresh("d2s");
        g.node("DepthToSpace", List.of(name(x, 4)), List.of(out), "blocksize", (long) block, "mode", "DCR");
        int[] s = x.shape();
        return new Value(out, new int[] {s[0], s[1] < 0 ? -1 : s[1] * block, s[2] < 0 ? -1 : s[2] * block,
            s[3] / (block * block)}, null);
    }

    /** Adds a rank-1 axis (TensorFlow ExpandDims) in NHWC terms. */
    Value expandDims(Value x, int tfAxis) {
        int rank = x.rank() + 1;
        int a = tfAxis < 0 ? tfAxis + rank : tfAxis;
        int[] y = new int[rank];
        for (int d = 0, j = 0; d < rank; d++) {
            y[d] = d == a ? 1 : x.shape()[j++];
        }
        String out = g.fresh("unsqueeze");
        g.node("Unsqueeze", List.of(nhwc(x), g.longs(g.fresh("axes"), new long[] {a}, 1)), List.of(out));
        return fromNhwc(out, y);
    }

    Value squeeze(Value x, int[] tfAxes) {
        int rank = x.rank();
        List<Integer> axes = new ArrayList<>();
        if (tfAxes.length == 0) {
            for (int d = 0; d < rank; d++) {
                if (x.shape()[d] == 1) {
                    axes.add(d);
                }
            }
        } else {
            for (int a : tfAxes) {
                axes.add(a < 0 ? a + rank : a);
            }
        }
        int[] y = new int[rank - axes.size()];
        for (int d = 0, j = 0; d < rank; d++) {
            if (!axes.contains(d)) {
                y[j++] = x.shape()[d];
            }
        }
        String out = g.fresh("squeeze");
        long[] a = axes.stream().mapToLong(Integer::longValue).toArray();
        g.node("Squeeze", List.of(nhwc(x), g.longs(g.fresh("axes"), a, a.length)), List.of(out));
        return fromNhwc(out, y);
    }

    /** ONNX Slice with constant bounds on NHWC order, then Squeeze of the shrunk axes. */
    Value slice(Value x, long[] starts, long[] ends, long[] steps, int[] shape, long[] shrink) {
        long[] axes = new long[starts.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        String sliced = g.fresh("slice");
        g.node("Slice", List.of(nhwc(x), g.longs(g.fresh("starts"), starts, starts.length),
                g.longs(g.fresh("ends"), ends, ends.length), g.longs(g.fresh("axes"), axes, axes.length),
                g.longs(g.fresh("steps"), steps, steps.length)), List.of(sliced));
        if (shrink.length == 0) {
            return fromNhwc(sliced, shape);
        }
        String out = g.fresh("shrink");
        g.node("Squeeze", List.of(sliced, g.longs(g.fresh("axes"), shrink, shrink.length)), List.of(out));
        return fromNhwc(out, shape);
    }

    /** Flattens all but the first axis in NHWC order (Keras Flatten). */
    Value flatten(Value x) {
        String out = g.fresh("flatten");
        g.node("Flatten", List.of(nhwc(x)), List.of(out), "axis", 1L);
        long n = 1;
        for (int d = 1; d < x.rank(); d++) {
            n = x.shape()[d] < 0 || n < 0 ? -1 : n * x.shape()[d];
        }
        return new Value(out, new int[] {x.shape()[0], (int) n}, null);
    }

    static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    static float[] transpose(float[] data, int[] shape, int[] perm) {
        try {
            return OnnxGraph.transpose(data, shape, perm);
        } catch (IllegalArgumentException e) {
            throw new TfjsException(e.getMessage());
        }
    }
}
