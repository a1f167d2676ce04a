package dev.atelier.engines.face;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.testing.TinyModelHost;
import dev.atelier.engines.testing.TinyOnnx;
import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The age-estimation contract on tiny models: a regressor whose "age" is 90 × the mean brightness of the crop, and
 * a 3-bin classifier; the crop is the face box's square, so brightness outside it does not count.
 */
class OnnxAgeEstimationTest {
    private static final long[] IN = {1, 3, 32, 32};

    @TempDir
    Path tmp;

    private TinyModelHost models;
    private OnnxHost host;

    /** age = 90 · mean(input): global average pool, then a 1×1 convolution weighting each channel 30. */
    static byte[] brightnessRegressor() {
        return TinyOnnx.graph()
                .input("input", IN)
                .constant("w", new float[] {30, 30, 30}, 1, 3, 1, 1)
                .node("GlobalAveragePool", List.of("input"), List.of("pooled"))
                .node("Conv", List.of("pooled", "w"), List.of("age4"), "kernel_shape", new long[] {1, 1})
                .longs("flat", new long[] {1, 1}, 2)
                .node("Reshape", List.of("age4", "flat"), List.of("age"))
                .output("age", 1, 1)
                .build();
    }

    /** Three "ages" 0, 1, 2 with weights (1 − mean, 0, mean) per pixel mean: expected age 2 · mean. */
    static byte[] brightnessClassifier() {
        return TinyOnnx.graph()
                .input("input", IN)
                .constant("w", new float[] {-1 / 3f, -1 / 3f, -1 / 3f, 0, 0, 0, 1 / 3f, 1 / 3f, 1 / 3f}, 3, 3, 1, 1)
                .constant("b", new float[] {1, 0, 0}, 3)
                .node("GlobalAveragePool", List.of("input"), List.of("pooled"))
                .node("Conv", List.of("pooled", "w", "b"), List.of("p4"), "kernel_shape", new long[] {1, 1})
                .longs("flat", new long[] {1, 3}, 2)
                .node("Reshape", List.of("p4", "flat"), List.of("probs"))
                .output("probs", 1, 3)
                .build();
    }

    @BeforeEach
    void setUp() {
        models = new TinyModelHost(tmp)
                .model("age-tiny", ModelCapability.AGE_ESTIMATION, "age", brightnessRegressor(),
                        contract(tensor("input", IN), tensor("age", 1, 1)))
                .model("age-bins", ModelCapability.AGE_ESTIMATION, "age", brightnessClassifier(),
                        contract(tensor("input", IN), tensor("probs", 1, 3)))
                .absent("age-absent", ModelCapability.AGE_ESTIMATION, "age",
                        contract(tensor("input", IN), tensor("age", 1, 1)));
        host = models.start();
    }

    @AfterEach
    void tearDown() {
        models.close();
    }

    /** A dark photo with a bright square of {@code level} where the face box is. */
    private static Image photo(float level) {
        Image img = Image.create(200, 160, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 40; y < 110; y++) {
                for (int x = 60; x < 130; x++) {
                    img.set(c, x, y, level);
                }
            }
        }
        return img;
    }

    private static FaceDetection.Face face() {
        // 50 px box centred on the bright square: the 1.4x crop (70 px) is exactly the square
        return new FaceDetection.Face(new FaceDetection.Box(70, 50, 50, 50), 0.9, List.of(
                new FaceDetection.Point(85, 65), new FaceDetection.Point(105, 65), new FaceDetection.Point(95, 75),
                new FaceDetection.Point(95, 90), new FaceDetection.Point(70, 70), new FaceDetection.Point(120, 70)));
    }

    @Test
    void aRegressorsOutputIsTheAgeOfTheFaceCrop() {
        OnnxAgeEstimation ages = new OnnxAgeEstimation(host, "age-tiny");
        assertThat(ages.estimate(photo(0.5f), face(), Progress.none()).age()).isCloseTo(45, within(0.5));
        assertThat(ages.estimate(photo(0.8f), face(), Progress.none()).age()).isCloseTo(72, within(0.5));
        assertThat(ages.estimate(photo(0.8f), face(), Progress.none()).metadata()).containsEntry("model", "age-tiny");
    }

    @Test
    void aClassifiersDistributionGivesItsExpectedAge() {
        OnnxAgeEstimation ages = new OnnxAgeEstimation(host, "age-bins");
        assertThat(ages.estimate(photo(0.25f), face(), Progress.none()).age()).isCloseTo(0.5, within(0.01));
    }

    @Test
    void aMissingModelSaysWhatToInstall() {
        OnnxAgeEstimation ages = new OnnxAgeEstimation(host, "age-absent");
        assertThat(ages.availability().isAvailable()).isFalse();
        assertThatThrownBy(() -> ages.estimate(photo(0.5f), face(), Progress.none()))
                .isInstanceOf(EngineException.class).hasMessageContaining("age-absent");
    }
}
