package dev.atelier.server.effects.face;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.EngineError;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finding faces for the face features: detection (faces in a stable left-to-right order, the order
 * {@code face-swap/pre-process} reports), the 468-point mesh with head pose, and the checks of {@link FaceRules}
 * with their engine codes. Needs both the detector and the mesh model.
 */
public final class Faces {
    private final FaceDetection detection;
    private final FaceLandmarks landmarks;

    public Faces(FaceDetection detection, FaceLandmarks landmarks) {
        this.detection = detection;
        this.landmarks = landmarks;
    }

    /** A face with its mesh. */
    public record Found(FaceDetection.Face face, FaceLandmarks.Result mesh) {
        public List<FaceLandmarks.Point3> points() {
            return mesh.points();
        }
    }

    public List<Engine> engines() {
        return List.of(detection, landmarks);
    }

    /** The first of the two models that cannot run, or available. */
    public Availability availability() {
        Availability a = detection.availability();
        return a.isAvailable() ? landmarks.availability() : a;
    }

    /** Every face of {@code image}, left to right. */
    public List<FaceDetection.Face> leftToRight(Image image, Progress progress) {
        return leftToRight(detection.detect(image, progress));
    }

    static List<FaceDetection.Face> leftToRight(FaceDetection.Result r) {
        return r.faces().stream().sorted(Comparator.comparingDouble(f -> f.box().x())).toList();
    }

    /** The mesh of a face already detected. */
    public Found mesh(Image image, FaceDetection.Face face, Progress progress) {
        return new Found(face, landmarks.landmarks(image, face, progress));
    }

    /**
     * The one face of {@code image}, checked against {@code rules}: none answers {@code rules.noFace()}, two or more
     * {@code error_multiple_people}, then size and angles.
     *
     * @param role how messages name the picture, e.g. "the photo" or "the reference"
     */
    public Found single(Image image, FaceRules rules, String role, Progress progress) {
        List<FaceDetection.Face> faces = detection.detect(image, progress.slice(0, 0.5)).faces();
        if (faces.isEmpty()) {
            throw rules.noFace().exception("no face was found in " + role);
        }
        if (faces.size() > 1) {
            throw EngineError.ERROR_MULTIPLE_PEOPLE.exception(role + " shows " + faces.size()
                    + " faces; this feature needs exactly one person");
        }
        Found found = mesh(image, faces.getFirst(), progress.slice(0.5, 1));
        check(found, rules, role);
        return found;
    }

    /** The most confident face of {@code image}, without rules beyond being there. */
    public Found mostConfident(Image image, EngineError noFace, String role, Progress progress) {
        List<FaceDetection.Face> faces = detection.detect(image, progress.slice(0, 0.5)).faces();
        if (faces.isEmpty()) {
            throw noFace.exception("no face was found in " + role);
        }
        return mesh(image, faces.getFirst(), progress.slice(0.5, 1));
    }

    /** Applies {@code rules}' size and angle checks to a face already found (see {@link #single}). */
    public static void check(Found found, FaceRules rules, String role) {
        double width = found.face().box().width();
        if (width < rules.minFaceWidth()) {
            throw rules.tooSmall().exception(String.format(Locale.ROOT,
                    "the face in %s is %.0f px wide; at least %d px is needed", role, width, rules.minFaceWidth()));
        }
        FaceLandmarks.Pose pose = found.mesh().pose();
        String angle = null;
        if (Math.abs(pose.pitch()) >= rules.maxPitch()) {
            angle = String.format(Locale.ROOT, "pitch %.0f° (limit ±%.0f°)", pose.pitch(), rules.maxPitch());
        } else if (Math.abs(pose.yaw()) >= rules.maxYaw()) {
            angle = String.format(Locale.ROOT, "yaw %.0f° (limit ±%.0f°)", pose.yaw(), rules.maxYaw());
        } else if (Math.abs(pose.roll()) >= rules.maxRoll()) {
            angle = String.format(Locale.ROOT, "roll %.0f° (limit ±%.0f°)", pose.roll(), rules.maxRoll());
        }
        if (angle != null) {
            throw rules.largeAngle().exception("the face in " + role + " is turned too far: " + angle
                    + "; use a photo looking at the camera");
        }
    }

    /** Which models found the faces, for result metadata. */
    public Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("face_detector", detection.id());
        m.put("face_landmarks", landmarks.id());
        return m;
    }
}
