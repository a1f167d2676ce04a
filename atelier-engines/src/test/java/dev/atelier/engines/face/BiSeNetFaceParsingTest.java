package dev.atelier.engines.face;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceParsing;
import dev.atelier.engines.FaceParsing.Region;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.testing.Masks;
import dev.atelier.engines.testing.TinyModelHost;
import dev.atelier.engines.testing.TinyFamilies;
import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BiSeNet pipeline on a tiny model with the public export's tensor names and shapes. */
class BiSeNetFaceParsingTest {
    private static final long[] IN = {1, 3, 512, 512};
    private static final long[] OUT = {1, 19, 512, 512};

    @TempDir
    Path tmp;

    private TinyModelHost models;
    private OnnxHost host;

    @BeforeEach
    void setUp() {
        models = new TinyModelHost(tmp)
                .model("bisenet-tiny", ModelCapability.FACE_PARSING, "bisenet", TinyFamilies.bisenetColourClassifier(),
                        contract(tensor("input", IN), tensor("output", OUT)))
                .absent("bisenet-absent", ModelCapability.FACE_PARSING, "bisenet", contract(tensor("input", IN), tensor("output", OUT)));
        host = models.start();
    }

    @AfterEach
    void tearDown() {
        models.close();
    }

    @Test
    void regionMasksFollowTheLabelsAtTheSourceSize() {
        // 300x200: red left third (hair), green middle third (skin), black right third (background).
        Image face = Image.create(300, 200, 3);
        Image hair = Image.create(300, 200, 1);
        Image skin = Image.create(300, 200, 1);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                if (x < 100) {
                    face.set(0, x, y, 1f);
                    hair.set(0, x, y, 1f);
                } else if (x < 200) {
                    face.set(1, x, y, 1f);
                    skin.set(0, x, y, 1f);
                }
            }
        }
        FaceParsing.Result result = new BiSeNetFaceParsing(host, "bisenet-tiny").parse(face, Progress.none());

        assertThat(result.labelWidth()).isEqualTo(512);
        assertThat(result.mask(Region.HAIR).width()).isEqualTo(300);
        assertThat(result.mask(Region.HAIR).height()).isEqualTo(200);
        assertThat(Masks.iou(result.mask(Region.HAIR), hair)).isGreaterThan(0.98);
        assertThat(Masks.iou(result.mask(Region.SKIN), skin)).isGreaterThan(0.98);
        assertThat(Masks.iou(result.mask(EnumSet.of(Region.HAIR, Region.SKIN)), union(hair, skin)))
                .isGreaterThan(0.98);
        assertThat(result.coverage()).containsOnlyKeys(Region.HAIR, Region.SKIN, Region.BACKGROUND);
        assertThat(result.coverage().get(Region.BACKGROUND)).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(result.metadata()).containsEntry("engine", "onnx:bisenet-tiny").containsEntry("device", "cpu");
    }

    @Test
    void inputIsNormalisedWithTheImageNetStatistics() {
        // (0.52, 0.50, 0): raw red beats green, but after (v - mean) / std green wins (0.153 < 0.196): skin.
        Image face = Image.create(64, 64, 3);
        java.util.Arrays.fill(face.plane(0), 0.52f);
        java.util.Arrays.fill(face.plane(1), 0.50f);
        FaceParsing.Result result = new BiSeNetFaceParsing(host, "bisenet-tiny").parse(face, Progress.none());
        assertThat(result.coverage()).containsOnlyKeys(Region.SKIN);
    }

    @Test
    void missingModelSaysHowToInstallIt() {
        BiSeNetFaceParsing engine = new BiSeNetFaceParsing(host, "bisenet-absent");
        assertThat(engine.availability().isAvailable()).isFalse();
        assertThatThrownBy(() -> engine.parse(Image.create(8, 8, 3), Progress.none()))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                    assertThat(e.getMessage()).contains("./atelier models pull bisenet-absent");
                });
    }

    private static Image union(Image a, Image b) {
        Image u = Image.create(a.width(), a.height(), 1);
        for (int i = 0; i < a.plane(0).length; i++) {
            u.plane(0)[i] = Math.max(a.plane(0)[i], b.plane(0)[i]);
        }
        return u;
    }
}
