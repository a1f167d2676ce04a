package dev.atelier.engines.colorize;

import dev.atelier.engines.Colorization;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.PlaneResample;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.Lab;
import java.util.List;

/**
 * Colorization with a DDColor-family model: input [1,3,S,S], the photo's lightness only, as the grey RGB of
 * Lab(L*, 0, 0) in [0, 1] (S = 512 for the public exports, 256 for the tiny one); output [1,2,S,S], the predicted
 * a* and b* in Lab units. As the reference pipeline does it: the photo is stretched to S×S, its L* computed there,
 * and the predicted chroma enlarged back to the photo's size (bilinear here, where the reference uses nearest) and
 * combined with the photo's own full-resolution L*.
 */
public final class DDColorColorization extends OnnxModelEngine implements Colorization {

    /** @param modelId e.g. {@code ddcolor} */
    public DDColorColorization(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    @Override
    public Result colorize(Image source, Progress progress) {
        requireAvailable();
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        IoContract.Tensor in = contract.inputs().getFirst();
        String out = contract.outputs().getFirst().name();
        int h = Math.toIntExact(in.shape().get(2));
        int w = Math.toIntExact(in.shape().get(3));
        progress.report(0.0, "preprocess");
        boolean colour = source.channels() >= 3;
        float[][] small = new float[3][];
        for (int c = 0; c < 3; c++) {
            small[c] = PlaneResample.fit(source.plane(colour ? c : 0), source.width(), source.height(), w, h);
        }
        float[] grey = new float[w * h];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (float) Lab.grey(Lab.lightness(small[0][i], small[1][i], small[2][i]));
        }
        progress.report(0.1, "inference");
        Inference<float[][]> inference = host.run(modelId, List.of(TensorSpec.of(in.name(), 1, 3, h, w)),
                (name, buffer) -> {
                    buffer.put(grey);
                    buffer.put(grey);
                    buffer.put(grey);
                }, List.of(TensorSpec.of(out, 1, 2, h, w)), outputs -> {
                    float[][] ab = new float[2][w * h];
                    outputs.get(out).get(ab[0]).get(ab[1]);
                    return ab;
                });
        progress.report(0.9, "postprocess");
        float[] a = PlaneResample.bilinear(inference.value()[0], w, h, source.width(), source.height());
        float[] b = PlaneResample.bilinear(inference.value()[1], w, h, source.width(), source.height());
        progress.report(1.0, "done");
        return new Result(source, a, b, inference.info().metadata(id()));
    }
}
