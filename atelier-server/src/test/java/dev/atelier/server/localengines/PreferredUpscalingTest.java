package dev.atelier.server.localengines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.classical.ClassicalUpscaling;
import dev.atelier.imaging.Image;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many video frames enhance takes at once: one while a model serves the factor, every core otherwise. */
class PreferredUpscalingTest {
    /** A model engine that is installed or not; it is never run here. */
    private static final class Model implements Upscaling {
        boolean installed;

        @Override
        public String id() {
            return "onnx:fake-x4";
        }

        @Override
        public EngineKind kind() {
            return EngineKind.ONNX;
        }

        @Override
        public Availability availability() {
            return installed ? Availability.AVAILABLE : Availability.missing("fake-x4 is not installed", "run: pull");
        }

        @Override
        public Image enhance(Image source, int scale, Progress progress) {
            throw new AssertionError("not run in this test");
        }
    }

    @Test
    void aModelTakesOneFrameAtATimeTheClassicalEngineOnePerCore() {
        Model model = new Model();
        PreferredUpscaling enhance = new PreferredUpscaling(List.of(model), List.of(model), new ClassicalUpscaling());
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(enhance.picturesAtOnce(2)).isEqualTo(cores);
        assertThat(enhance.picturesAtOnce(4)).isEqualTo(cores);

        model.installed = true; // the choice is made per call: installing a model changes it without a restart
        assertThat(enhance.picturesAtOnce(2)).isEqualTo(1);
        assertThat(enhance.picturesAtOnce(4)).isEqualTo(1);
        assertThat(enhance.picturesAtOnce(1)).as("x1 is always classical").isEqualTo(cores);
    }
}
