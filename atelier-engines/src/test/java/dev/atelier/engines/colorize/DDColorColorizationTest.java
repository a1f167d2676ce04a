package dev.atelier.engines.colorize;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engines.Colorization;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.testing.TinyModelHost;
import dev.atelier.engines.testing.TinyFamilies;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.Lab;
import dev.atelier.imaging.metrics.Metrics;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DDColor pipeline on tiny models with the public export's tensors (input [1,3,512,512], output [1,2,512,512]). */
class DDColorColorizationTest {
    private static final long[] IN = {1, 3, 512, 512};
    private static final long[] OUT = {1, 2, 512, 512};

    @TempDir
    Path tmp;

    private TinyModelHost models;
    private OnnxHost host;

    @BeforeEach
    void setUp() {
        models = new TinyModelHost(tmp)
                // a* = 40·grey − 20, b* = 15: warmer as it gets lighter.
                .model("ddcolor-ramp", ModelCapability.COLORIZATION, "ddcolor",
                        TinyFamilies.ddcolorLinear(new float[] {40, 0, 0}, -20, new float[] {0, 0, 0}, 15),
                        contract(tensor("input", IN), tensor("output", OUT)))
                // a* = 100·(R − G): zero when the model is fed grey, whatever the photo's colours.
                .model("ddcolor-red-green", ModelCapability.COLORIZATION, "ddcolor",
                        TinyFamilies.ddcolorLinear(new float[] {100, -100, 0}, 0, new float[] {0, 0, 0}, 0),
                        contract(tensor("input", IN), tensor("output", OUT)))
                .absent("ddcolor-absent", ModelCapability.COLORIZATION, "ddcolor",
                        contract(tensor("input", IN), tensor("output", OUT)));
        host = models.start();
    }

    @AfterEach
    void tearDown() {
        models.close();
    }

    private static Image greyRamp(int w, int h) {
        Image img = Image.create(w, h, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(0, x, y, 0.2f + 0.6f * x / (w - 1));
            }
        }
        return img;
    }

    @Test
    void predictedChromaIsCombinedWithThePhotosOwnLightness() {
        Image photo = greyRamp(300, 200);
        Colorization.Result result = new DDColorColorization(host, "ddcolor-ramp").colorize(photo, Progress.none());
        for (int x : new int[] {10, 150, 290}) {
            float g = photo.get(0, x, 100);
            assertThat(result.a()[100 * 300 + x]).isCloseTo(40 * g - 20, within(0.6f));
            assertThat(result.b()[100 * 300 + x]).isCloseTo(15f, within(1e-3f));
        }
        Image colour = result.render(1.0);
        assertThat(colour.channels()).isEqualTo(3);
        double[] ab = new double[2];
        for (int x : new int[] {10, 150, 290}) {
            float r = colour.get(0, x, 100);
            float gg = colour.get(1, x, 100);
            float b = colour.get(2, x, 100);
            float grey = photo.get(0, x, 100);
            assertThat(Lab.lightness(r, gg, b)).isCloseTo(Lab.lightness(grey, grey, grey), within(0.5));
            Lab.chroma(r, gg, b, ab);
            assertThat(ab[1]).isCloseTo(15, within(0.5));
        }
        // Strength 0 gives the photo back as grey RGB.
        Image none = result.render(0.0);
        assertThat(Metrics.psnr(Image.wrap(300, 200, none.plane(0)), photo)).isGreaterThan(45);
        assertThat(result.metadata()).containsEntry("engine", "onnx:ddcolor-ramp");
    }

    @Test
    void theModelSeesOnlyLightnessNotThePhotosColours() {
        Image photo = Image.create(64, 64, 3);
        java.util.Arrays.fill(photo.plane(0), 0.9f);
        java.util.Arrays.fill(photo.plane(1), 0.1f);
        Colorization.Result result = new DDColorColorization(host, "ddcolor-red-green").colorize(photo,
                Progress.none());
        for (float a : result.a()) {
            assertThat(a).isCloseTo(0f, within(1e-3f));
        }
    }

    @Test
    void missingModelSaysHowToInstallIt() {
        DDColorColorization engine = new DDColorColorization(host, "ddcolor-absent");
        assertThat(engine.availability().isAvailable()).isFalse();
        assertThatThrownBy(() -> engine.colorize(Image.create(8, 8, 3), Progress.none()))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                    assertThat(e.getMessage()).contains("./atelier models pull ddcolor-absent");
                });
    }

    /**
     * The pinned export ({@code ddcolor-tiny}, not downloadable where Atelier is built) has exactly the I/O these tiny
     * models run through the pipeline above: the same names, shapes and layout.
     */
    @Test
    void thePinnedDdcolorTinyExportHasTheIoThesePipelineTestsRun() {
        var pinned = dev.atelier.engines.models.ModelRegistry.builtInManifests().stream()
                .filter(m -> m.id().equals("ddcolor-tiny")).findFirst().orElseThrow();
        assertThat(pinned.capability()).isEqualTo(ModelCapability.COLORIZATION);
        assertThat(pinned.size()).isEqualTo(112_723_138L);
        assertThat(pinned.mainFile().sha256())
                .isEqualTo("e983347272b8e218edc974a0af2bd66f53b73212abb800e103c64806e4c14a14");
        assertThat(pinned.contract().inputs()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("input");
            assertThat(t.shapeArray()).containsExactly(IN);
        });
        assertThat(pinned.contract().outputs()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("output");
            assertThat(t.shapeArray()).containsExactly(OUT);
        });
    }
}
