package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.List;
import java.util.Map;

/**
 * Dense face landmarks and head pose for one detected face: the 468-point face mesh, in source pixels, with the
 * pose the face checks of CONTRACTS D.7 use (face angle limits, forward-facing).
 */
public interface FaceLandmarks extends Engine {

    /**
     * Landmarks of the face that {@code face} (from a {@link FaceDetection}) found in {@code source}.
     *
     * @throws EngineException {@code error_inference} when the engine cannot run or fails
     */
    Result landmarks(Image source, FaceDetection.Face face, Progress progress);

    /** A landmark: x, y in source pixels; z the relative depth in the same unit, smaller = nearer the camera. */
    record Point3(double x, double y, double z) {}

    /**
     * Head orientation in degrees, 0 for a face looking straight at the camera: {@code yaw} positive when the face
     * turns towards the photo's right (the subject's left), {@code pitch} positive when it looks up, {@code roll}
     * positive when it tilts clockwise in the photo.
     */
    record Pose(double pitch, double yaw, double roll) {}

    /**
     * @param points the 468 landmarks in MediaPipe's face mesh order
     * @param presence the model's confidence that the crop holds a face, in [0, 1]
     */
    record Result(List<Point3> points, double presence, Pose pose, Map<String, String> metadata) {
        public Result {
            points = List.copyOf(points);
            metadata = Map.copyOf(metadata);
        }
    }
}
