package dev.atelier.engines.faceedit;

import dev.atelier.engines.FaceLandmarks;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.ColorTransfer;
import dev.atelier.imaging.color.Lab;
import dev.atelier.imaging.filter.Blur;
import java.util.List;

/**
 * Classical makeup transfer: the colour of each makeup zone of a reference face — lips, eye shadow, cheeks, skin
 * (foundation) — is carried onto the same zone of the source face by moving the zone's Lab mean and spread to the
 * reference's. Zones come from the face mesh of both faces, so they match whatever the two poses are; masks are
 * feathered so edges fade. Lightness moves only partly (see {@link Zone}), so the source's own shading and texture
 * stay: it is a recolouring, not a paste. No generative model is involved, and makeup with texture (glitter,
 * drawn liner) does not carry over.
 */
public final class MakeupTransfer {
    private MakeupTransfer() {}

    /**
     * A makeup zone and how strongly it takes the reference: {@code colour} for a* and b*, {@code lightness} for L*.
     * Zones are applied in this order; a later one wins where they overlap.
     */
    public enum Zone {
        SKIN(0.5, 0.3, 0.04),
        CHEEKS(0.6, 0.2, 0.05),
        EYE_SHADOW(0.85, 0.4, 0.02),
        LIPS(1.0, 0.6, 0.012);

        final double colour;
        final double lightness;
        /** Feather as a fraction of the face width. */
        final double feather;

        Zone(double colour, double lightness, double feather) {
            this.colour = colour;
            this.lightness = lightness;
            this.feather = feather;
        }
    }

    /** {@code source} with the makeup of {@code reference}, same size and channels (alpha kept). */
    public static Image transfer(Image source, List<FaceLandmarks.Point3> sourceMesh, Image reference,
            List<FaceLandmarks.Point3> referenceMesh) {
        FaceCrop crop = FaceCrop.around(sourceMesh, 0.1, source.width(), source.height());
        FaceCrop refCrop = FaceCrop.around(referenceMesh, 0.1, reference.width(), reference.height());
        Image base = crop.cut(source);
        float[][] lab = Lab.fromImage(FaceCrop.rgb(base));
        float[][] refLab = Lab.fromImage(FaceCrop.rgb(refCrop.cut(reference)));
        double faceWidth = MeshRegions.faceWidth(sourceMesh);
        for (Zone zone : Zone.values()) {
            float[] here = zone(zone, sourceMesh, crop);
            float[] there = zone(zone, referenceMesh, refCrop);
            float[] feathered = Blur.gaussian(here, crop.width(), crop.height(),
                    Math.max(1, zone.feather * faceWidth));
            for (int i = 0; i < feathered.length; i++) {
                feathered[i] = Math.max(feathered[i], here[i]); // full strength inside, fading only outwards
            }
            for (int c = 0; c < 3; c++) {
                ColorTransfer.Stats target = ColorTransfer.stats(lab[c], here);
                ColorTransfer.Stats wanted = ColorTransfer.stats(refLab[c], there);
                ColorTransfer.apply(lab[c], feathered, target, wanted, c == 0 ? zone.lightness : zone.colour, 2);
            }
        }
        Image out = source.copy();
        crop.paste(Lab.toImage(lab, crop.width(), crop.height()), out);
        return out;
    }

    /** The hard mask of one zone inside {@code crop}. */
    static float[] zone(Zone zone, List<FaceLandmarks.Point3> mesh, FaceCrop crop) {
        Image m = Image.create(crop.width(), crop.height(), 1);
        switch (zone) {
            case LIPS -> {
                MeshRegions.fill(m, mesh, MeshRegions.LIPS_OUTER, crop.x(), crop.y());
                subtract(m, mesh, crop, MeshRegions.LIPS_INNER);
            }
            case EYE_SHADOW -> {
                MeshRegions.fill(m, mesh, MeshRegions.RIGHT_LID, crop.x(), crop.y());
                MeshRegions.fill(m, mesh, MeshRegions.LEFT_LID, crop.x(), crop.y());
                subtract(m, mesh, crop, MeshRegions.RIGHT_EYE, MeshRegions.LEFT_EYE, MeshRegions.RIGHT_BROW,
                        MeshRegions.LEFT_BROW);
            }
            case CHEEKS -> {
                double r = 0.13 * MeshRegions.faceWidth(mesh);
                disc(m, mesh.get(MeshRegions.RIGHT_CHEEK), r, crop);
                disc(m, mesh.get(MeshRegions.LEFT_CHEEK), r, crop);
                subtract(m, mesh, crop, MeshRegions.LIPS_OUTER);
            }
            case SKIN -> {
                MeshRegions.fill(m, mesh, MeshRegions.FACE_OVAL, crop.x(), crop.y());
                subtract(m, mesh, crop, MeshRegions.LIPS_OUTER, MeshRegions.RIGHT_EYE, MeshRegions.LEFT_EYE,
                        MeshRegions.RIGHT_BROW, MeshRegions.LEFT_BROW, MeshRegions.RIGHT_LID, MeshRegions.LEFT_LID);
            }
        }
        return m.plane(0);
    }

    private static void subtract(Image m, List<FaceLandmarks.Point3> mesh, FaceCrop crop, int[]... contours) {
        Image cut = Image.create(m.width(), m.height(), 1);
        for (int[] c : contours) {
            MeshRegions.fill(cut, mesh, c, crop.x(), crop.y());
        }
        float[] p = m.plane(0);
        float[] q = cut.plane(0);
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - q[i];
        }
    }

    private static void disc(Image m, FaceLandmarks.Point3 centre, double r, FaceCrop crop) {
        double cx = centre.x() - crop.x();
        double cy = centre.y() - crop.y();
        for (int y = Math.max(0, (int) (cy - r)); y < Math.min(m.height(), (int) Math.ceil(cy + r) + 1); y++) {
            for (int x = Math.max(0, (int) (cx - r)); x < Math.min(m.width(), (int) Math.ceil(cx + r) + 1); x++) {
                if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) {
                    m.set(0, x, y, 1);
                }
            }
        }
    }

}
