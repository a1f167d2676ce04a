package dev.atelier.engines.safety;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.onnx.RunInfo;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An NSFW classifier of nsfwjs's contract: the picture stretched to S×S (bilinear with aligned corners, as nsfwjs's
 * {@code resizeBilinear(…, true)}), RGB NHWC in the contract's range, out the probabilities of {@link #CLASSES}.
 */
public final class NsfwClassification extends OnnxModelEngine {
    /** nsfwjs's classes, in the order of the model's output. */
    public static final List<String> CLASSES = List.of("drawing", "hentai", "neutral", "porn", "sexy");

    /** The probability of each class (lower-case names), and how the run went. */
    public record Scores(Map<String, Double> byClass, RunInfo info) {
        /** The most probable class. */
        public String top() {
            return byClass.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }

    /** @param modelId e.g. {@code nsfw-mobilenet-v2} */
    public NsfwClassification(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    public String modelId() {
        return modelId;
    }

    public Scores classify(Image image) {
        requireAvailable();
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        IoContract.Tensor in = contract.inputs().getFirst();
        IoContract.Tensor out = contract.outputs().getFirst();
        if (!in.nhwc() || in.shape().size() != 4) {
            throw new EngineException("error_inference", "NSFW model " + modelId + " must take NHWC [1,S,S,3]");
        }
        int size = Math.toIntExact(in.shape().get(1));
        float[] input = resizeAlignCorners(image, size, (float) in.range());
        Inference<float[]> r = host.run(modelId, List.of(TensorSpec.of(in.name(), 1, size, size, 3)),
                (name, buffer) -> buffer.put(input), List.of(TensorSpec.of(out.name(), 1, CLASSES.size())), o -> {
                    float[] v = new float[CLASSES.size()];
                    o.get(out.name()).get(v);
                    return v;
                });
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < CLASSES.size(); i++) {
            scores.put(CLASSES.get(i), (double) r.value()[i]);
        }
        return new Scores(scores, r.info());
    }

    /** Bilinear to size² with corners aligned (source pixel centres at both ends), interleaved RGB × range. */
    static float[] resizeAlignCorners(Image image, int size, float range) {
        int w = image.width();
        int h = image.height();
        float[] out = new float[size * size * 3];
        double sx = size > 1 ? (w - 1) / (double) (size - 1) : 0;
        double sy = size > 1 ? (h - 1) / (double) (size - 1) : 0;
        for (int c = 0; c < 3; c++) {
            float[] p = image.plane(image.channels() >= 3 ? c : 0);
            for (int y = 0; y < size; y++) {
                double fy = y * sy;
                int y0 = (int) fy;
                int y1 = Math.min(y0 + 1, h - 1);
                double dy = fy - y0;
                for (int x = 0; x < size; x++) {
                    double fx = x * sx;
                    int x0 = (int) fx;
                    int x1 = Math.min(x0 + 1, w - 1);
                    double dx = fx - x0;
                    double top = p[y0 * w + x0] * (1 - dx) + p[y0 * w + x1] * dx;
                    double bottom = p[y1 * w + x0] * (1 - dx) + p[y1 * w + x1] * dx;
                    out[(y * size + x) * 3 + c] = (float) ((top * (1 - dy) + bottom * dy) * range);
                }
            }
        }
        return out;
    }
}
