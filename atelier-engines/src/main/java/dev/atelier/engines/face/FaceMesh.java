package dev.atelier.engines.face;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Progress;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * The MediaPipe face mesh ({@code face-mesh}): a square crop 1.5× the detected face box, rotated so the eyes are
 * level, resampled bilinearly to 192², values in [0, 1]; outputs 468 (x, y, z) in crop pixels and a face-presence
 * logit. Landmarks are mapped back to source pixels through the inverse of the crop's rotation and scale.
 *
 * <p>Head pose comes from the mesh itself: roll from the line between the outer eye corners (33, 263), yaw from the
 * depth difference across the cheeks (234, 454), pitch from the depth difference between the outer eye corners and the
 * mouth corners (61, 291), which lie at about the same depth in a face looking at the camera (the astronaut photo's
 * frontal face reads pitch −6°, yaw 0°, roll 3.5°).
 */
public final class FaceMesh extends OnnxModelEngine implements FaceLandmarks {
    static final int SIZE = 192;
    static final int POINTS = 468;
    private static final double SCALE = 1.5;


    public FaceMesh(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    public FaceMesh(OnnxHost host) {
        this(host, "face-mesh");
    }

    @Override
    public Result landmarks(Image source, FaceDetection.Face face, Progress progress) {
        requireAvailable();
        FaceDetection.Point re = face.keypoint(FaceDetection.Keypoint.RIGHT_EYE);
        FaceDetection.Point le = face.keypoint(FaceDetection.Keypoint.LEFT_EYE);
        double angle = Math.atan2(le.y() - re.y(), le.x() - re.x());
        double side = Math.max(face.box().width(), face.box().height()) * SCALE;
        Crop crop = new Crop(face.box().centerX(), face.box().centerY(), side, angle);
        progress.report(0.0, "preprocess");
        float[] nhwc = crop.render(source);
        progress.report(0.2, "inference");
        Inference<float[]> inference = host.run(modelId, List.of(TensorSpec.of("input_1", 1, SIZE, SIZE, 3)),
                (name, buffer) -> buffer.put(nhwc),
                List.of(TensorSpec.of("conv2d_21", 1, 1, 1, POINTS * 3), TensorSpec.of("conv2d_31", 1, 1, 1, 1)),
                out -> {
                    float[] r = new float[POINTS * 3 + 1];
                    out.get("conv2d_21").get(r, 0, POINTS * 3);
                    r[POINTS * 3] = out.get("conv2d_31").get(0);
                    return r;
                });
        float[] raw = inference.value();
        List<Point3> points = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
            points.add(crop.toSource(raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]));
        }
        double presence = 1 / (1 + Math.exp(-raw[POINTS * 3]));
        progress.report(1.0, "done");
        return new Result(points, presence, pose(points), inference.info().metadata(id()));
    }

    static Pose pose(List<Point3> p) {
        Point3 rightEye = p.get(33);
        Point3 leftEye = p.get(263);
        Point3 rightCheek = p.get(234);
        Point3 leftCheek = p.get(454);
        Point3 rightMouth = p.get(61);
        Point3 leftMouth = p.get(291);
        double roll = Math.toDegrees(Math.atan2(leftEye.y() - rightEye.y(), leftEye.x() - rightEye.x()));
        // Turning towards the photo's right pushes the subject's left cheek (on the photo's right) away.
        double yaw = Math.toDegrees(Math.atan2(leftCheek.z() - rightCheek.z(),
                Math.hypot(leftCheek.x() - rightCheek.x(), leftCheek.y() - rightCheek.y())));
        // Looking up brings the mouth nearer the camera than the eyes.
        double eyesX = (rightEye.x() + leftEye.x()) / 2;
        double eyesY = (rightEye.y() + leftEye.y()) / 2;
        double eyesZ = (rightEye.z() + leftEye.z()) / 2;
        double mouthX = (rightMouth.x() + leftMouth.x()) / 2;
        double mouthY = (rightMouth.y() + leftMouth.y()) / 2;
        double mouthZ = (rightMouth.z() + leftMouth.z()) / 2;
        double pitch = Math.toDegrees(Math.atan2(eyesZ - mouthZ, Math.hypot(mouthX - eyesX, mouthY - eyesY)));
        return new Pose(pitch, yaw, roll);
    }

    /** A square of {@code side} source pixels centred on (cx, cy), its x axis at {@code angle} radians. */
    record Crop(double cx, double cy, double side, double angle) {

        float[] render(Image source) {
            float[] out = new float[SIZE * SIZE * 3];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double k = side / SIZE;
            int w = source.width();
            int h = source.height();
            for (int v = 0; v < SIZE; v++) {
                for (int u = 0; u < SIZE; u++) {
                    double dx = (u + 0.5 - SIZE / 2.0) * k;
                    double dy = (v + 0.5 - SIZE / 2.0) * k;
                    double sx = cx + dx * cos - dy * sin - 0.5;
                    double sy = cy + dx * sin + dy * cos - 0.5;
                    int o = (v * SIZE + u) * 3;
                    for (int c = 0; c < 3; c++) {
                        out[o + c] = sample(source.plane(source.channels() >= 3 ? c : 0), w, h, sx, sy);
                    }
                }
            }
            return out;
        }

        /** Bilinear sample; outside the photo is black, as MediaPipe's crop pads with zeros. */
        static float sample(float[] p, int w, int h, double x, double y) {
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double tx = x - x0;
            double ty = y - y0;
            double v = 0;
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    int xx = x0 + i;
                    int yy = y0 + j;
                    if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                        v += p[yy * w + xx] * (i == 0 ? 1 - tx : tx) * (j == 0 ? 1 - ty : ty);
                    }
                }
            }
            return (float) v;
        }

        Point3 toSource(double x, double y, double z) {
            double k = side / SIZE;
            double dx = (x - SIZE / 2.0) * k;
            double dy = (y - SIZE / 2.0) * k;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            return new Point3(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos, z * k);
        }
    }
}
