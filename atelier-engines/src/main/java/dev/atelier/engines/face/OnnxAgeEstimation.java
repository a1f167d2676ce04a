package dev.atelier.engines.face;

import dev.atelier.engines.AgeEstimation;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.util.List;

/**
 * Age estimation with an ONNX model of this contract: input [1,3,S,S] (or NHWC [1,S,S,3] when the contract's layout
 * says so), a square crop 1.4× the detected face box centred on it, RGB scaled to the contract's range ([0, 1] or
 * [0, 255]; outside the photo black), bilinear; output [1,N] (or any shape of N values): N = 1 is the age in years (a
 * regressor), N &gt; 1 a distribution over the ages 0..N−1 (a DEX-style classifier, e.g. N = 101), whose expected
 * value is the age. The pinned default is {@code age-ssrnet} (SSR-Net from npm, NHWC 64×64 in [0, 255]); others are
 * installed from an operator manifest ({@code ATELIER_MODEL_MANIFESTS}, capability {@code age-estimation}).
 */
public final class OnnxAgeEstimation extends OnnxModelEngine implements AgeEstimation {
    static final double CROP = 1.4;

    /** @param modelId e.g. {@code age-estimation} */
    public OnnxAgeEstimation(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    @Override
    public Result estimate(Image source, FaceDetection.Face face, Progress progress) {
        requireAvailable();
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        IoContract.Tensor in = contract.inputs().getFirst();
        IoContract.Tensor outTensor = contract.outputs().getFirst();
        int size = Math.toIntExact(in.shape().get(in.nhwc() ? 1 : 2));
        long[] outShape = outTensor.shape().stream().mapToLong(Long::longValue).toArray();
        int n = 1;
        for (long d : outShape) {
            n *= Math.toIntExact(d);
        }
        progress.report(0.0, "preprocess");
        float[] nchw = crop(source, face.box(), size);
        float range = (float) in.range();
        int plane = size * size;
        float[] input = new float[3 * plane];
        for (int i = 0; i < input.length; i++) {
            // NHWC element i is pixel i / 3, channel i % 3; NCHW keeps the planes.
            input[i] = range * (in.nhwc() ? nchw[(i % 3) * plane + i / 3] : nchw[i]);
        }
        TensorSpec inSpec = in.nhwc() ? TensorSpec.of(in.name(), 1, size, size, 3)
                : TensorSpec.of(in.name(), 1, 3, size, size);
        progress.report(0.2, "inference");
        int count = n;
        Inference<float[]> inference = host.run(modelId, List.of(inSpec),
                (name, buffer) -> buffer.put(input), List.of(TensorSpec.of(outTensor.name(), outShape)), out -> {
                    float[] v = new float[count];
                    out.get(outTensor.name()).get(v);
                    return v;
                });
        progress.report(1.0, "done");
        return new Result(age(inference.value()), inference.info().metadata(id()));
    }

    /** The age an output holds: the value itself, or the expected age of a distribution over 0..N−1. */
    static double age(float[] out) {
        if (out.length == 1) {
            return Math.max(0, out[0]);
        }
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < out.length; i++) {
            double p = Math.max(0, out[i]);
            sum += p;
            weighted += p * i;
        }
        if (sum <= 0) {
            throw new EngineException("error_inference", "the age model answered no probability for any age");
        }
        return weighted / sum;
    }

    /** The square crop around the face, NCHW planes of {@code size}². */
    static float[] crop(Image source, FaceDetection.Box box, int size) {
        double side = Math.max(box.width(), box.height()) * CROP;
        double x0 = box.centerX() - side / 2;
        double y0 = box.centerY() - side / 2;
        double k = side / size;
        float[] out = new float[3 * size * size];
        int w = source.width();
        int h = source.height();
        for (int c = 0; c < 3; c++) {
            float[] p = source.plane(source.channels() >= 3 ? c : 0);
            for (int v = 0; v < size; v++) {
                for (int u = 0; u < size; u++) {
                    double sx = x0 + (u + 0.5) * k - 0.5;
                    double sy = y0 + (v + 0.5) * k - 0.5;
                    out[c * size * size + v * size + u] = FaceMesh.Crop.sample(p, w, h, sx, sy);
                }
            }
        }
        return out;
    }
}
