package dev.atelier.engines.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.AgeEstimation;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.testing.RealModelHost;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSR-Net (pulled from npm, converted at install) through the age contract's NHWC/0..255 path, on the astronaut's
 * portrait: Eileen Collins was 41 when it was taken (NASA, 1998); SSR-Net's published mean error is about 3–6 years.
 */
class AgeSsrnetRealModelTest {
    @RegisterExtension
    static final RealModelHost models = new RealModelHost();

    @Test
    void estimatesTheAstronautsAgeWithinAFewYears() {
        models.require("age-ssrnet");
        models.require("blazeface-back");
        Image photo = RealModels.photo("astronaut.png");
        FaceDetection.Result faces = new BlazeFaceDetection(models.host(), "blazeface-back").detect(photo, Progress.none());
        AgeEstimation.Result age = new OnnxAgeEstimation(models.host(), "age-ssrnet").estimate(photo, faces.faces().getFirst(),
                Progress.none());
        System.out.println("astronaut: age " + age.age() + " " + age.metadata());
        assertThat(age.age()).isBetween(28.0, 55.0);
        assertThat(age.metadata()).containsEntry("model", "age-ssrnet");
    }
}
