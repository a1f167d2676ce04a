package dev.atelier.engines.segmentation;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.PlaneResample;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.util.List;

/**
 * Person segmentation with MediaPipe selfie segmentation ({@code selfie-segmentation}, 256×256, or
 * {@code selfie-segmentation-landscape}, 256×144): the photo stretched to the input size (area average), values in
 * [0, 1], NHWC; the output is the person probability, resized back to the source with half-pixel bilinear.
 */
public final class SelfieSegmentation extends OnnxModelEngine implements Segmentation {

    public SelfieSegmentation(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    @Override
    public Result segment(Image source, Progress progress) {
        requireAvailable();
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        IoContract.Tensor in = contract.inputs().getFirst();
        IoContract.Tensor out = contract.outputs().getFirst();
        int h = Math.toIntExact(in.shape().get(1));
        int w = Math.toIntExact(in.shape().get(2));
        progress.report(0.0, "preprocess");
        float[] nhwc = new float[w * h * 3];
        for (int c = 0; c < 3; c++) {
            float[] plane = PlaneResample.area(source.plane(source.channels() >= 3 ? c : 0), source.width(),
                    source.height(), w, h);
            for (int i = 0; i < plane.length; i++) {
                nhwc[3 * i + c] = plane[i];
            }
        }
        progress.report(0.1, "inference");
        Inference<float[]> inference = host.run(modelId, List.of(TensorSpec.of(in.name(), 1, h, w, 3)),
                (name, buffer) -> buffer.put(nhwc), List.of(TensorSpec.of(out.name(), 1, h, w, 1)), outputs -> {
                    float[] p = new float[w * h];
                    outputs.get(out.name()).get(p);
                    return p;
                });
        progress.report(0.9, "postprocess");
        float[] mask = PlaneResample.bilinear(inference.value(), w, h, source.width(), source.height());
        for (int i = 0; i < mask.length; i++) {
            mask[i] = Math.clamp(mask[i], 0f, 1f);
        }
        progress.report(1.0, "done");
        return new Result(Image.wrap(source.width(), source.height(), mask), inference.info().metadata(id()));
    }
}
