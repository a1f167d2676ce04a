package dev.atelier.engines.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.AgeEstimation;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSR-Net (pulled from npm, converted at install) through the age contract's NHWC/0..255 path, on the astronaut's
 * portrait: Eileen Collins was 41 when it was taken (NASA, 1998); SSR-Net's published mean error is about 3–6 years.
 */
class AgeSsrnetRealModelTest {
    private static ModelRegistry registry;
    private static OnnxHost host;

    @BeforeAll
    static void open() {
        registry = RealModels.registry();
        host = new OnnxHost(registry, OnnxSettings.defaults());
    }

    @AfterAll
    static void close() {
        host.close();
        registry.close();
    }

    @Test
    void estimatesTheAstronautsAgeWithinAFewYears() {
        RealModels.require(registry, "age-ssrnet");
        RealModels.require(registry, "blazeface-back");
        Image photo = RealModels.photo("astronaut.png");
        FaceDetection.Result faces = new BlazeFaceDetection(host, "blazeface-back").detect(photo, Progress.none());
        AgeEstimation.Result age = new OnnxAgeEstimation(host, "age-ssrnet").estimate(photo, faces.faces().getFirst(),
                Progress.none());
        System.out.println("astronaut: age " + age.age() + " " + age.metadata());
        assertThat(age.age()).isBetween(28.0, 55.0);
        assertThat(age.metadata()).containsEntry("model", "age-ssrnet");
    }
}
