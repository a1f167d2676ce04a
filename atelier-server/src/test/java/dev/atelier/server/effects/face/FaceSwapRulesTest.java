package dev.atelier.server.effects.face;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Face swap's refusals (FaceRules.FACE_SWAP, applied by FaceSwapEffect to the photo's face and the reference's):
 * a profile, a face looking far up or down, or a tiny face answers the documented engine code instead of a swap
 * that would come out as noise. The sample photos hold no profile, so the poses are given directly.
 */
class FaceSwapRulesTest {

    private static Faces.Found face(double width, double pitch, double yaw, double roll) {
        FaceDetection.Face f = new FaceDetection.Face(new FaceDetection.Box(10, 10, width, width), 0.9,
                Collections.nCopies(6, new FaceDetection.Point(20, 20)));
        FaceLandmarks.Result mesh = new FaceLandmarks.Result(List.of(), 0.99,
                new FaceLandmarks.Pose(pitch, yaw, roll), Map.of());
        return new Faces.Found(f, mesh);
    }

    private static void refused(Faces.Found found, String code, String text) {
        assertThatThrownBy(() -> Faces.check(found, FaceRules.FACE_SWAP, "reference 0"))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code().wire()).isEqualTo(code);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(text);
                });
    }

    @Test
    void aProfileIsRefusedWithTheLargeAngleCode() {
        refused(face(200, 0, 70, 0), "error_large_face_angle", "yaw 70");
        refused(face(200, 0, -50, 0), "error_large_face_angle", "yaw -50");
    }

    @Test
    void aFaceLookingFarUpOrDownIsRefused() {
        refused(face(200, 35, 0, 0), "error_large_face_angle", "pitch 35");
    }

    @Test
    void aTinyFaceIsRefusedWithTheSizeCode() {
        refused(face(30, 0, 0, 0), "error_face_position_too_small", "30 px");
    }

    @Test
    void aFrontalOrTiltedFaceIsAccepted() {
        assertThatCode(() -> Faces.check(face(120, 10, 30, 40), FaceRules.FACE_SWAP, "the photo"))
                .doesNotThrowAnyException();
    }
}
