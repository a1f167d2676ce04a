package dev.atelier.engines.face;

import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.TestModels;
import dev.atelier.engines.testing.TinyOnnx;
import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BlazeFace decoding on a tiny model with BlazeFace's tensor names and shapes whose outputs are constants: one
 * anchor (16×16 grid, row 5, column 7, second anchor) fires with known offsets, a weaker neighbour overlaps it.
 */
class BlazeFaceDetectionTest {
    private static final int ANCHOR = (5 * 16 + 7) * 2 + 1;
    private static final int NEIGHBOUR = (5 * 16 + 7) * 2;

    @TempDir
    Path tmp;

    private ModelRegistry registry;
    private OnnxHost host;

    private static byte[] constantModel() {
        float[] scores16 = new float[512];
        float[] scores8 = new float[384];
        java.util.Arrays.fill(scores16, -10f);
        java.util.Arrays.fill(scores8, -10f);
        scores16[ANCHOR] = 5f;
        scores16[NEIGHBOUR] = 2f;
        float[] boxes16 = new float[512 * 16];
        float[] boxes8 = new float[384 * 16];
        // Centre offset (+4, -2) px, size 32x40 px, keypoints at fixed offsets from the anchor.
        float[] reg = {4, -2, 32, 40, -8, -6, 8, -6, 0, 2, 0, 10, -14, -2, 14, -2};
        System.arraycopy(reg, 0, boxes16, ANCHOR * 16, 16);
        System.arraycopy(reg, 0, boxes16, NEIGHBOUR * 16, 16);
        TinyOnnx g = TinyOnnx.graph()
                .input("input:0", 1, 128, 128, 3)
                .constant("zero", new float[] {0f}, 1)
                .constant("s16", scores16, 1, 512, 1)
                .constant("s8", scores8, 1, 384, 1)
                .constant("b16", boxes16, 1, 512, 16)
                .constant("b8", boxes8, 1, 384, 16)
                .node("ReduceMean", List.of("input:0"), List.of("mean"), "keepdims", 0L)
                .node("Mul", List.of("mean", "zero"), List.of("nothing"));
        String[][] outs = {{"s16", "Identity:0"}, {"s8", "Identity_1:0"}, {"b16", "Identity_2:0"}, {"b8", "Identity_3:0"}};
        for (String[] o : outs) {
            g.node("Add", List.of(o[0], "nothing"), List.of(o[1]));
        }
        return g.output("Identity:0", 1, 512, 1).output("Identity_1:0", 1, 384, 1)
                .output("Identity_2:0", 1, 512, 16).output("Identity_3:0", 1, 384, 16).build();
    }

    @BeforeEach
    void setUp() {
        IoContract contract = new IoContract(List.of(tensor("input:0", 1, 128, 128, 3)),
                List.of(tensor("Identity:0", 1, 512, 1)), "test");
        registry = new ModelRegistry(tmp.resolve("models"), List.of(TestModels.manifest(tmp.resolve("src"),
                "blazeface-tiny", ModelCapability.FACE_DETECTION, "blazeface", constantModel(), contract, 8)),
                RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString())));
        registry.pull("blazeface-tiny", false, ProgressListener.none());
        host = new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(1));
    }

    @AfterEach
    void tearDown() {
        host.close();
        registry.close();
    }

    @Test
    void anchorOffsetsDecodeToSourcePixelsOfASquarePhoto() {
        FaceDetection.Result result = new BlazeFaceDetection(host, "blazeface-tiny").detect(Image.create(256, 256, 3),
                Progress.none());
        // Only the strong anchor passes 0.75 (sigmoid(2) = 0.88 passes too: they merge into one face).
        assertThat(result.faces()).hasSize(1);
        FaceDetection.Face face = result.faces().getFirst();
        assertThat(face.score()).isCloseTo(1 / (1 + Math.exp(-5)), within(1e-6));
        // Centre ((7.5/16 + 4/128), (5.5/16 - 2/128)) of the 128 input = (128, 84) in a 256 photo; size 64x80.
        assertThat(face.box().centerX()).isCloseTo(128, within(1e-3));
        assertThat(face.box().centerY()).isCloseTo(84, within(1e-3));
        assertThat(face.box().width()).isCloseTo(64, within(1e-3));
        assertThat(face.box().height()).isCloseTo(80, within(1e-3));
        FaceDetection.Point rightEye = face.keypoint(FaceDetection.Keypoint.RIGHT_EYE);
        assertThat(rightEye.x()).isCloseTo((7.5 / 16 - 8 / 128.0) * 256, within(1e-3));
        assertThat(rightEye.y()).isCloseTo((5.5 / 16 - 6 / 128.0) * 256, within(1e-3));
        assertThat(result.metadata()).containsEntry("model", "blazeface-tiny");
    }

    @Test
    void letterboxPaddingIsRemovedForAWidePhoto() {
        // 512x256 fits the 128 square at scale 0.25 with 32 px of padding above and below.
        FaceDetection.Result result = new BlazeFaceDetection(host, "blazeface-tiny").detect(Image.create(512, 256, 3),
                Progress.none());
        FaceDetection.Face face = result.faces().getFirst();
        assertThat(face.box().centerX()).isCloseTo((7.5 / 16 + 4 / 128.0) * 128 / 0.25, within(1e-3));
        assertThat(face.box().width()).isCloseTo(32 / 0.25, within(1e-3));
        FaceDetection.Point rightEye = face.keypoint(FaceDetection.Keypoint.RIGHT_EYE);
        assertThat(rightEye.x()).isCloseTo((60 - 8) / 0.25, within(1e-3));
        assertThat(rightEye.y()).isCloseTo((44 - 6 - 32) / 0.25, within(1e-3));
        // The box reaches above the photo (centre y 40, height 160): it is clipped to the photo.
        assertThat(face.box().y()).isZero();
        assertThat(face.box().y() + face.box().height()).isCloseTo(40 + 80, within(1e-3));
    }

    @Test
    void higherThresholdDropsTheDetection() {
        FaceDetection.Result result = new BlazeFaceDetection(host, "blazeface-tiny", 0.999)
                .detect(Image.create(256, 256, 3), Progress.none());
        assertThat(result.faces()).isEmpty();
    }

    @Test
    void weightedNmsAveragesOverlappingDetectionsByScoreAndKeepsSeparateOnes() {
        double[] a = new double[16];
        double[] b = new double[16];
        double[] far = new double[16];
        a[0] = 0.5; a[1] = 0.5; a[2] = 0.2; a[3] = 0.2;
        b[0] = 0.52; b[1] = 0.5; b[2] = 0.2; b[3] = 0.2;
        far[0] = 0.1; far[1] = 0.1; far[2] = 0.1; far[3] = 0.1;
        List<BlazeFaceDetection.Candidate> kept = BlazeFaceDetection.weightedNms(List.of(
                new BlazeFaceDetection.Candidate(0.6, b), new BlazeFaceDetection.Candidate(0.9, a),
                new BlazeFaceDetection.Candidate(0.8, far)));
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).score()).isEqualTo(0.9);
        assertThat(kept.get(0).geometry()[0]).isCloseTo((0.5 * 0.9 + 0.52 * 0.6) / 1.5, within(1e-12));
        assertThat(kept.get(1).geometry()[0]).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void iouOfBoxes() {
        double[] a = {0.5, 0.5, 0.2, 0.2};
        double[] half = {0.6, 0.5, 0.2, 0.2};
        assertThat(BlazeFaceDetection.iou(a, a)).isCloseTo(1.0, within(1e-12));
        assertThat(BlazeFaceDetection.iou(a, half)).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(BlazeFaceDetection.iou(a, new double[] {0.9, 0.9, 0.1, 0.1})).isZero();
    }
}
