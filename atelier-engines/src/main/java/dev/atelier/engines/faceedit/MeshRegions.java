package dev.atelier.engines.faceedit;

import dev.atelier.engines.FaceLandmarks;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.warp.Polygons;
import java.util.List;

/**
 * Closed contours of MediaPipe's 468-point face mesh, as ordered landmark indices (left and right are the
 * subject's own), and masks drawn from them.
 */
public final class MeshRegions {
    /** The face outline, clockwise from the top of the forehead. */
    public static final int[] FACE_OVAL = {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379,
        378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109};
    /** Outer edge of both lips: the lower lip left to right, then the upper lip back. */
    public static final int[] LIPS_OUTER = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267,
        0, 37, 39, 40, 185};
    /** The mouth opening between the lips. */
    public static final int[] LIPS_INNER = {78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312,
        13, 82, 81, 80, 191};
    public static final int[] RIGHT_EYE = {33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161,
        246};
    public static final int[] LEFT_EYE = {263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388,
        466};
    public static final int[] RIGHT_BROW = {46, 53, 52, 65, 55, 107, 66, 105, 63, 70};
    public static final int[] LEFT_BROW = {276, 283, 282, 295, 285, 336, 296, 334, 293, 300};
    /** Upper lid to the lower edge of the brow: where eye shadow goes. */
    public static final int[] RIGHT_LID = {33, 246, 161, 160, 159, 158, 157, 173, 133, 55, 65, 52, 53, 46};
    public static final int[] LEFT_LID = {263, 466, 388, 387, 386, 385, 384, 398, 362, 285, 295, 282, 283, 276};
    /** Cheek centres (where blush sits). */
    public static final int RIGHT_CHEEK = 205;
    public static final int LEFT_CHEEK = 425;

    private MeshRegions() {}

    /** A 1-channel mask of {@code width × height} with the polygon of {@code contour} filled. */
    public static Image mask(List<FaceLandmarks.Point3> mesh, int[] contour, int width, int height) {
        Image m = Image.create(width, height, 1);
        fill(m, mesh, contour, 0, 0);
        return m;
    }

    /** Fills the polygon of {@code contour} into {@code mask}, its points shifted by (−dx, −dy). */
    public static void fill(Image mask, List<FaceLandmarks.Point3> mesh, int[] contour, double dx, double dy) {
        double[] xs = new double[contour.length];
        double[] ys = new double[contour.length];
        for (int i = 0; i < contour.length; i++) {
            xs[i] = mesh.get(contour[i]).x() - dx;
            ys[i] = mesh.get(contour[i]).y() - dy;
        }
        Polygons.fill(mask, xs, ys);
    }

    /** Width of the face: the distance between the cheek edges of the oval (234, 454). */
    public static double faceWidth(List<FaceLandmarks.Point3> mesh) {
        FaceLandmarks.Point3 a = mesh.get(234);
        FaceLandmarks.Point3 b = mesh.get(454);
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }
}
