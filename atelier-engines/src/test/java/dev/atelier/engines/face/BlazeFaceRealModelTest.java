package dev.atelier.engines.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.testing.RealModelHost;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BlazeFace (front, 128²) from npm on real photos (skipped with a message when the model or photo is unavailable). */
class BlazeFaceRealModelTest {
    @RegisterExtension
    static final RealModelHost models = new RealModelHost();

    private static FaceDetection.Result detect(String photo) {
        return detect(photo, "blazeface-front");
    }

    private static FaceDetection.Result detect(String photo, String model) {
        Image image = RealModels.photo(photo);
        models.require(model);
        return new BlazeFaceDetection(models.host(), model).detect(image, Progress.none());
    }

    @Test
    void theFullRangeModelFindsTheSameFaceAndNoneInTheCoffee() {
        FaceDetection.Result result = detect("astronaut.png", "face-detection-full");
        System.out.println("astronaut faces (full range): " + result.faces());
        assertThat(result.faces()).hasSize(1);
        FaceDetection.Face face = result.faces().getFirst();
        assertThat(face.box().centerX()).isBetween(200.0, 250.0);
        assertThat(face.box().centerY()).isBetween(100.0, 150.0);
        assertThat(face.box().width()).isBetween(70.0, 130.0);
        assertThat(face.keypoint(FaceDetection.Keypoint.RIGHT_EYE).x())
                .isLessThan(face.keypoint(FaceDetection.Keypoint.LEFT_EYE).x());
        assertThat(detect("coffee.png", "face-detection-full").faces()).isEmpty();
    }

    @Test
    void astronautHasExactlyOneFaceAroundHerEyes() {
        FaceDetection.Result result = detect("astronaut.png");
        System.out.println("astronaut faces: " + result.faces());
        assertThat(result.faces()).hasSize(1);
        FaceDetection.Face face = result.faces().getFirst();
        assertThat(face.score()).isGreaterThan(0.85);
        // Her face spans roughly x 175..280, y 80..180 in the 512x512 photo.
        assertThat(face.box().centerX()).isBetween(200.0, 250.0);
        assertThat(face.box().centerY()).isBetween(100.0, 150.0);
        assertThat(face.box().width()).isBetween(70.0, 130.0);
        FaceDetection.Point right = face.keypoint(FaceDetection.Keypoint.RIGHT_EYE);
        FaceDetection.Point left = face.keypoint(FaceDetection.Keypoint.LEFT_EYE);
        // Her right eye is on the left of the photo; both eyes lie above the mouth.
        assertThat(right.x()).isLessThan(left.x());
        assertThat(face.keypoint(FaceDetection.Keypoint.MOUTH_CENTER).y()).isGreaterThan(Math.max(right.y(), left.y()));
    }

    @Test
    void coffeeCupHasNoFace() {
        assertThat(detect("coffee.png").faces()).isEmpty();
    }
}
