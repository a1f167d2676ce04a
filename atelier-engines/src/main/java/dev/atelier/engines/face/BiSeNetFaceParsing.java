package dev.atelier.engines.face;

import dev.atelier.engines.FaceParsing;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.PlaneResample;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Face parsing with a BiSeNet model trained on CelebAMask-HQ (e.g. FaceFusion's {@code bisenet_resnet_34}): input
 * [1,3,S,S] RGB, the picture stretched to S×S (S = 512 for the public exports) and normalised with the ImageNet mean
 * and standard deviation; output logits [1,19,S,S] in {@link FaceParsing.Region} order. The label of a pixel is its
 * arg-max class. Tensor names and S come from the model's manifest, so any export with this contract runs.
 */
public final class BiSeNetFaceParsing extends OnnxModelEngine implements FaceParsing {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final int CLASSES = Region.values().length;

    /** @param modelId e.g. {@code bisenet-resnet34} */
    public BiSeNetFaceParsing(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    @Override
    public Result parse(Image face, Progress progress) {
        requireAvailable();
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        IoContract.Tensor in = contract.inputs().getFirst();
        IoContract.Tensor out = contract.outputs().getFirst();
        int h = Math.toIntExact(in.shape().get(2));
        int w = Math.toIntExact(in.shape().get(3));
        progress.report(0.0, "preprocess");
        float[][] planes = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] plane = PlaneResample.fit(face.plane(face.channels() >= 3 ? c : 0), face.width(), face.height(),
                    w, h);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (plane[i] - MEAN[c]) / STD[c];
            }
            planes[c] = plane;
        }
        progress.report(0.1, "inference");
        Inference<byte[]> inference = host.run(modelId, List.of(TensorSpec.of(in.name(), 1, 3, h, w)),
                (name, buffer) -> {
                    for (float[] p : planes) {
                        buffer.put(p);
                    }
                }, List.of(TensorSpec.of(out.name(), 1, CLASSES, h, w)), outputs -> argmax(outputs.get(out.name()),
                        w * h));
        progress.report(1.0, "done");
        return new Result(face.width(), face.height(), w, h, inference.value(), inference.info().metadata(id()));
    }

    /** The class with the highest logit at each pixel, reading the planar logits one class plane at a time. */
    private static byte[] argmax(FloatBuffer logits, int pixels) {
        float[] best = new float[pixels];
        byte[] labels = new byte[pixels];
        float[] plane = new float[pixels];
        logits.get(best);
        for (int c = 1; c < CLASSES; c++) {
            logits.get(plane);
            for (int i = 0; i < pixels; i++) {
                if (plane[i] > best[i]) {
                    best[i] = plane[i];
                    labels[i] = (byte) c;
                }
            }
        }
        return labels;
    }
}
