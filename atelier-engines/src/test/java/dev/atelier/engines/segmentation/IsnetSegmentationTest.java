package dev.atelier.engines.segmentation;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.Masks;
import dev.atelier.engines.testing.TestModels;
import dev.atelier.engines.testing.TinyOnnx;
import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ISNet pipeline on tiny models with ISNet's exact tensor names and shapes. */
class IsnetSegmentationTest {
    private static final long[] IN = {1, 3, 1024, 1024};
    private static final long[] OUT = {1, 1, 1024, 1024};

    @TempDir
    Path tmp;

    private ModelRegistry registry;
    private OnnxHost host;

    /** output = sigmoid(gain · mean over channels of the input): bright pixels → 1, dark → 0 when gain is large. */
    private static byte[] brightnessModel(float gain) {
        return TinyOnnx.graph()
                .input("input", IN)
                .constant("gain", new float[] {gain}, 1)
                .node("ReduceMean", List.of("input"), List.of("mean"), "axes", new long[] {1}, "keepdims", 1L)
                .node("Mul", List.of("mean", "gain"), List.of("logit"))
                .node("Sigmoid", List.of("logit"), List.of("output"))
                .output("output", OUT)
                .build();
    }

    @BeforeEach
    void setUp() {
        List<ModelManifest> manifests = new ArrayList<>();
        manifests.add(TestModels.manifest(tmp.resolve("src"), "isnet-bright", ModelCapability.SALIENT_SEGMENTATION,
                "isnet", brightnessModel(1000f), contract(tensor("input", IN), tensor("output", OUT)), 64));
        manifests.add(TestModels.manifest(tmp.resolve("src"), "isnet-half", ModelCapability.SALIENT_SEGMENTATION,
                "isnet", brightnessModel(0f), contract(tensor("input", IN), tensor("output", OUT)), 64));
        manifests.add(TestModels.manifest(tmp.resolve("src"), "isnet-absent", ModelCapability.SALIENT_SEGMENTATION,
                "isnet", brightnessModel(0f), contract(tensor("input", IN), tensor("output", OUT)), 64));
        registry = new ModelRegistry(tmp.resolve("models"), manifests,
                RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString())));
        registry.pull("isnet-bright", false, ProgressListener.none());
        registry.pull("isnet-half", false, ProgressListener.none());
        host = new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(1));
    }

    @AfterEach
    void tearDown() {
        host.close();
        registry.close();
    }

    @Test
    void maskHasTheSourceSizeAndFollowsTheModelOutput() {
        // A 300x200 photo, white on the left 120 columns, black elsewhere.
        Image photo = Image.create(300, 200, 3);
        Image expected = Image.create(300, 200, 1);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 120; x++) {
                for (int c = 0; c < 3; c++) {
                    photo.set(c, x, y, 1f);
                }
                expected.set(0, x, y, 1f);
            }
        }
        Segmentation.Result result = new IsnetSegmentation(host, "isnet-bright").segment(photo, Progress.none());
        assertThat(result.mask().width()).isEqualTo(300);
        assertThat(result.mask().height()).isEqualTo(200);
        assertThat(result.mask().channels()).isEqualTo(1);
        assertThat(Masks.iou(result.mask(), expected)).isGreaterThan(0.98);
        assertThat(result.metadata()).containsEntry("engine", "onnx:isnet-bright").containsEntry("device", "cpu")
                .containsKey("inference_ms");
    }

    @Test
    void outputIsScaledBy255AndTruncatedNotRounded() {
        // sigmoid(0) = 0.5 everywhere: 127.5 truncates to 127, as the reference implementation does.
        Image photo = Image.create(64, 48, 3);
        Image mask = new IsnetSegmentation(host, "isnet-half").segment(photo, Progress.none()).mask();
        for (float v : mask.plane(0)) {
            assertThat(v).isEqualTo(127 / 255f);
        }
    }

    @Test
    void greyPhotosAreSegmentedLikeRgb() {
        Image grey = Image.create(50, 40, 1);
        for (int y = 0; y < 40; y++) {
            for (int x = 25; x < 50; x++) {
                grey.set(0, x, y, 1f);
            }
        }
        Image mask = new IsnetSegmentation(host, "isnet-bright").segment(grey, Progress.none()).mask();
        assertThat(mask.get(0, 45, 20)).isEqualTo(1f);
        assertThat(mask.get(0, 5, 20)).isEqualTo(0f);
    }

    @Test
    void missingModelSaysHowToInstallIt() {
        IsnetSegmentation engine = new IsnetSegmentation(host, "isnet-absent");
        assertThat(engine.availability()).isEqualTo(
                Availability.missing("model isnet-absent is not installed", "run: ./atelier models pull isnet-absent"));
        assertThat(engine.id()).isEqualTo("onnx:isnet-absent");
        assertThatThrownBy(() -> engine.segment(Image.create(8, 8, 3), Progress.none()))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                    assertThat(e.getMessage()).contains("./atelier models pull isnet-absent");
                });
    }
}
