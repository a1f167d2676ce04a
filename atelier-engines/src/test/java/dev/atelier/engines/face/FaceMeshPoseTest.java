package dev.atelier.engines.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engines.FaceLandmarks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Head pose from synthetic meshes whose geometry is known. */
class FaceMeshPoseTest {

    /** A flat "face" in the plane z = 0 (eyes at y = 0, mouth at y = 40, cheeks at x = ±50), rotated as asked. */
    private static List<FaceLandmarks.Point3> face(double yawDeg, double pitchDeg, double rollDeg) {
        double[][] base = new double[468][3];
        base[33] = new double[] {-30, 0, 0};
        base[263] = new double[] {30, 0, 0};
        base[61] = new double[] {-20, 40, 0};
        base[291] = new double[] {20, 40, 0};
        base[234] = new double[] {-50, 10, 0};
        base[454] = new double[] {50, 10, 0};
        double y = Math.toRadians(yawDeg);
        double p = Math.toRadians(pitchDeg);
        double r = Math.toRadians(rollDeg);
        List<FaceLandmarks.Point3> out = new ArrayList<>();
        for (double[] v : base) {
            // Yaw about the vertical axis: +x goes away (+z) for a face turning to the photo's right.
            double x1 = v[0] * Math.cos(y);
            double z1 = v[0] * Math.sin(y) + v[2];
            // Pitch about the horizontal axis: looking up brings lower points (+y) nearer (-z).
            double y2 = v[1] * Math.cos(p);
            double z2 = z1 - v[1] * Math.sin(p);
            // Roll in the image plane, clockwise.
            double x3 = x1 * Math.cos(r) - y2 * Math.sin(r);
            double y3 = x1 * Math.sin(r) + y2 * Math.cos(r);
            out.add(new FaceLandmarks.Point3(x3 + 200, y3 + 100, z2));
        }
        return out;
    }

    @Test
    void frontalFaceHasZeroPose() {
        FaceLandmarks.Pose pose = FaceMesh.pose(face(0, 0, 0));
        assertThat(pose.yaw()).isCloseTo(0, within(1e-9));
        assertThat(pose.pitch()).isCloseTo(0, within(1e-9));
        assertThat(pose.roll()).isCloseTo(0, within(1e-9));
    }

    @Test
    void eachRotationShowsInItsOwnAngleWithItsSign() {
        assertThat(FaceMesh.pose(face(25, 0, 0)).yaw()).isCloseTo(25, within(0.5));
        assertThat(FaceMesh.pose(face(-25, 0, 0)).yaw()).isCloseTo(-25, within(0.5));
        assertThat(FaceMesh.pose(face(0, 20, 0)).pitch()).isCloseTo(20, within(0.5));
        assertThat(FaceMesh.pose(face(0, 0, 15)).roll()).isCloseTo(15, within(0.5));
        FaceLandmarks.Pose rolled = FaceMesh.pose(face(0, 0, 30));
        assertThat(rolled.yaw()).isCloseTo(0, within(0.5));
        assertThat(rolled.pitch()).isCloseTo(0, within(0.5));
    }
}
