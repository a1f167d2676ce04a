package dev.atelier.engines.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import org.junit.jupiter.api.Test;

/** The face mesh (TFLite from npm, converted) on the astronaut's frontal face (skipped when unavailable). */
class FaceMeshRealModelTest {

    @Test
    void astronautFrontalFaceHasLandmarksOnHerFaceAndAFrontalPose() {
        Image photo = RealModels.photo("astronaut.png");
        try (ModelRegistry registry = RealModels.registry();
                OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults())) {
            RealModels.require(registry, "blazeface-front");
            RealModels.require(registry, "face-mesh");
            FaceDetection.Face face = new BlazeFaceDetection(host, "blazeface-front").detect(photo, Progress.none())
                    .faces().getFirst();
            FaceLandmarks.Result mesh = new FaceMesh(host).landmarks(photo, face, Progress.none());
            System.out.println("astronaut face mesh: presence " + mesh.presence() + ", " + mesh.pose());
            assertThat(mesh.points()).hasSize(468);
            assertThat(mesh.presence()).isGreaterThan(0.9);
            // Every landmark lies in (a margin around) the detected face box.
            FaceDetection.Box b = face.box();
            for (FaceLandmarks.Point3 p : mesh.points()) {
                assertThat(p.x()).isBetween(b.x() - 0.3 * b.width(), b.x() + 1.3 * b.width());
                assertThat(p.y()).isBetween(b.y() - 0.3 * b.height(), b.y() + 1.3 * b.height());
            }
            // The mesh's nose tip (1) is near the detector's nose keypoint.
            FaceDetection.Point nose = face.keypoint(FaceDetection.Keypoint.NOSE_TIP);
            assertThat(Math.hypot(mesh.points().get(1).x() - nose.x(), mesh.points().get(1).y() - nose.y()))
                    .isLessThan(0.1 * b.width());
            // A frontal portrait: well inside any pose limit.
            assertThat(Math.abs(mesh.pose().yaw())).isLessThan(10);
            assertThat(Math.abs(mesh.pose().roll())).isLessThan(10);
            assertThat(Math.abs(mesh.pose().pitch())).isLessThan(15);
        }
    }
}
