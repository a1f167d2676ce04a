package dev.atelier.engines.faceedit;

import dev.atelier.engines.FaceLandmarks;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.ColorTransfer;
import dev.atelier.imaging.color.Lab;
import dev.atelier.imaging.composite.PyramidBlend;
import dev.atelier.imaging.filter.Blur;
import dev.atelier.imaging.warp.Delaunay;
import dev.atelier.imaging.warp.Polygons;
import dev.atelier.imaging.warp.TriangleWarp;
import java.util.List;

/**
 * Classical landmark-based face swap. For one face of the target photo and one face of a reference photo, both
 * given as 468-point meshes:
 * <ol>
 *   <li>the target's landmarks are Delaunay-triangulated, and every triangle of the reference face is moved by its
 *       own affine map onto the target's geometry (so the reference face takes the target's pose and shape);</li>
 *   <li>inside the face, the warped face's Lab mean and spread are matched to the target's skin, so it takes the
 *       target photo's lighting and white balance;</li>
 *   <li>it is blended in with a Laplacian pyramid under a feathered mask of the face hull, shrunk a little so the
 *       target's own jaw line and hairline stay.</li>
 * </ol>
 * Only a rectangle around the target face is touched. No identity model is involved: the result keeps the
 * reference's features, not a re-rendered likeness, and large pose differences show as stretching.
 */
public final class FaceSwap {
    /** How far the blend mask is pulled in from the hull towards the face centre (a fraction of its size). */
    static final double SHRINK = 0.08;
    /** Feather of the blend mask as a fraction of the face width. */
    static final double FEATHER = 0.035;
    static final int LEVELS = 5;

    private FaceSwap() {}

    /**
     * {@code target} with the reference face put in place of the target face, same size and channels (alpha kept).
     */
    public static Image swap(Image target, List<FaceLandmarks.Point3> targetMesh, Image reference,
            List<FaceLandmarks.Point3> referenceMesh) {
        if (targetMesh.size() != referenceMesh.size() || targetMesh.size() < 3) {
            throw new IllegalArgumentException("both faces need the same landmarks, got " + targetMesh.size() + " and "
                    + referenceMesh.size());
        }
        FaceCrop crop = FaceCrop.around(targetMesh, 0.15, target.width(), target.height());
        double[] tx = crop.xs(targetMesh);
        double[] ty = crop.ys(targetMesh);
        double[] rx = new double[referenceMesh.size()];
        double[] ry = new double[referenceMesh.size()];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = referenceMesh.get(i).x();
            ry[i] = referenceMesh.get(i).y();
        }
        List<int[]> triangles = Delaunay.triangulate(tx, ty);
        TriangleWarp.Result warped = TriangleWarp.warp(reference, rx, ry, tx, ty, triangles, crop.width(),
                crop.height());
        Image base = crop.cut(target);
        Image face = warped.image();
        float[] covered = warped.coverage().plane(0);
        // where no triangle landed the target shows through, so the pyramid never sees black
        for (int c = 0; c < 3; c++) {
            float[] f = face.plane(Math.min(c, face.channels() - 1));
            float[] b = base.plane(Math.min(c, base.channels() - 1));
            for (int i = 0; i < f.length; i++) {
                if (covered[i] == 0) {
                    f[i] = b[i];
                }
            }
        }
        float[] inner = shrunkHull(tx, ty, crop.width(), crop.height());
        Image matched = matchColour(FaceCrop.rgb(face), FaceCrop.rgb(base), inner);
        double faceWidth = MeshRegions.faceWidth(targetMesh);
        float[] feathered = Blur.gaussian(inner, crop.width(), crop.height(), Math.max(1, FEATHER * faceWidth));
        for (int i = 0; i < feathered.length; i++) {
            feathered[i] = Math.min(feathered[i], covered[i]);
        }
        Image blended = PyramidBlend.blend(matched, FaceCrop.rgb(base), feathered, LEVELS);
        Image out = target.copy();
        crop.paste(blended, out);
        return out;
    }

    /** The convex hull of the landmarks pulled in towards their centroid by {@link #SHRINK}, filled. */
    static float[] shrunkHull(double[] xs, double[] ys, int width, int height) {
        int[] hull = Polygons.convexHull(xs, ys);
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < xs.length; i++) {
            cx += xs[i];
            cy += ys[i];
        }
        cx /= xs.length;
        cy /= ys.length;
        double[] hx = new double[hull.length];
        double[] hy = new double[hull.length];
        for (int i = 0; i < hull.length; i++) {
            hx[i] = cx + (xs[hull[i]] - cx) * (1 - SHRINK);
            hy[i] = cy + (ys[hull[i]] - cy) * (1 - SHRINK);
        }
        Image mask = Image.create(width, height, 1);
        Polygons.fill(mask, hx, hy);
        return mask.plane(0);
    }

    /** {@code face}'s Lab statistics inside {@code region} moved to {@code base}'s there. */
    static Image matchColour(Image face, Image base, float[] region) {
        float[][] f = Lab.fromImage(face);
        float[][] b = Lab.fromImage(base);
        // statistics from inside the region, the shift applied everywhere, so the warped face stays continuous
        // across the feathered mask edge
        float[] everywhere = new float[region.length];
        java.util.Arrays.fill(everywhere, 1f);
        for (int c = 0; c < 3; c++) {
            ColorTransfer.apply(f[c], everywhere, ColorTransfer.stats(f[c], region),
                    ColorTransfer.stats(b[c], region), 1, 2.5);
        }
        return Lab.toImage(f, face.width(), face.height());
    }

}
