package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.List;
import java.util.Map;

/**
 * Face detection: boxes, confidence and six keypoints of every face found, in source pixel coordinates (origin top
 * left, x to the right, y down). Used by the face checks ({@code error_no_face}, face size, multiple people) and the
 * face-swap pre-process.
 */
public interface FaceDetection extends Engine {

    /**
     * Finds faces in {@code source} (1, 3 or 4 channels; alpha is ignored).
     *
     * @return the faces, most confident first; empty when there is none
     * @throws EngineException {@code error_inference} when the engine cannot run or fails
     */
    Result detect(Image source, Progress progress);

    /** The keypoints a face detection gives, in this order; left and right are the subject's own. */
    enum Keypoint {
        RIGHT_EYE,
        LEFT_EYE,
        NOSE_TIP,
        MOUTH_CENTER,
        RIGHT_EAR_TRAGION,
        LEFT_EAR_TRAGION
    }

    /** A rectangle in source pixels: top-left corner and size. */
    record Box(double x, double y, double width, double height) {
        public double centerX() {
            return x + width / 2;
        }

        public double centerY() {
            return y + height / 2;
        }
    }

    record Point(double x, double y) {}

    /**
     * @param score confidence in [0, 1]
     * @param keypoints in {@link Keypoint} order
     */
    record Face(Box box, double score, List<Point> keypoints) {
        public Face {
            keypoints = List.copyOf(keypoints);
        }

        public Point keypoint(Keypoint k) {
            return keypoints.get(k.ordinal());
        }
    }

    /** @param metadata as in {@link Segmentation.Result#metadata()} */
    record Result(List<Face> faces, Map<String, String> metadata) {
        public Result {
            faces = List.copyOf(faces);
            metadata = Map.copyOf(metadata);
        }
    }
}
