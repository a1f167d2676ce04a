package dev.atelier.server.effects.hair;

import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.faceedit.MeshRegions;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.filter.Blur;
import java.util.List;

/**
 * Where a hair feature may paint. First the hair itself: without a face-parsing model, the person (selfie
 * segmentation) above and around the face oval, minus the face; then the zone of the feature around it — a
 * hairstyle or wig may grow past the current hair, bangs cover the forehead, extensions fall to the shoulders,
 * volume puffs the outline a little. The face below the brows is never in the mask, so the person's features stay
 * (except for aging, which changes the face itself).
 */
public final class HairMask {
    /** Which zone a feature edits. */
    public enum Zone {
        /** New hairstyle or wig: the hair grown by a third of the face width, forehead hairline included. */
        STYLE,
        /** Bangs: the hair plus the forehead down to the brows. */
        BANG,
        /** Extensions: the hair plus the sides of the neck and the shoulders below it. */
        EXTENSION,
        /** Volume: the hair grown by a fifth of the face width. */
        VOLUME,
        /** Aging: the whole face and the hair, where age shows. */
        AGING
    }

    /** The mask (1 channel, source size, 1 = paint) and how it was made, for the result metadata. */
    public record Result(Image mask, String method) {}

    static final String METHOD = "selfie segmentation (person) + face mesh: the person above and around the face "
            + "oval, minus the face; no face-parsing model";

    private HairMask() {}

    public static Result of(Image source, List<FaceLandmarks.Point3> mesh, Segmentation person, Zone zone,
            Progress progress) {
        Image personMask = person.segment(source, progress).mask();
        return new Result(of(source.width(), source.height(), mesh, personMask.plane(0), zone), METHOD);
    }

    /** The geometry alone, for a given person mask (tests drive it directly). */
    static Image of(int w, int h, List<FaceLandmarks.Point3> mesh, float[] person, Zone zone) {
        double fw = MeshRegions.faceWidth(mesh);
        FaceLandmarks.Point3 top = mesh.get(10);
        FaceLandmarks.Point3 chin = mesh.get(152);
        double fh = Math.hypot(top.x() - chin.x(), top.y() - chin.y());
        double cx = (mesh.get(234).x() + mesh.get(454).x()) / 2;
        double browY = (mesh.get(105).y() + mesh.get(334).y()) / 2;
        Image face = MeshRegions.mask(mesh, MeshRegions.FACE_OVAL, w, h);
        float[] f = face.plane(0);
        // the hair: the person near the head, outside the face
        float[] hair = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean nearHead = Math.abs(x - cx) < 1.5 * fw && y > top.y() - fh && y < chin.y() + 0.2 * fh;
                if (nearHead && person[i] > 0.5f && f[i] < 0.5f) {
                    hair[i] = 1;
                }
            }
        }
        float[] out = switch (zone) {
            case STYLE -> grow(hair, w, h, fw / 3);
            case VOLUME -> grow(hair, w, h, fw / 5);
            case AGING -> {
                float[] m = grow(hair, w, h, fw / 10);
                for (int i = 0; i < m.length; i++) {
                    m[i] = Math.max(m[i], f[i]);
                }
                yield grow(m, w, h, fw / 20);
            }
            case BANG -> {
                float[] m = grow(hair, w, h, fw / 10);
                for (int i = 0; i < m.length; i++) {
                    if (f[i] > 0.5f && i / w < browY) {
                        m[i] = 1; // the forehead
                    }
                }
                yield m;
            }
            case EXTENSION -> {
                float[] m = grow(hair, w, h, fw / 8);
                for (int y = (int) Math.max(0, chin.y() - 0.3 * fh); y < Math.min(h, chin.y() + 1.3 * fh); y++) {
                    for (int x = (int) Math.max(0, cx - 1.3 * fw); x < Math.min(w, cx + 1.3 * fw); x++) {
                        if (Math.abs(x - cx) > 0.35 * fw) {
                            m[y * w + x] = 1; // beside the neck, down to the shoulders
                        }
                    }
                }
                yield m;
            }
        };
        // never the face below the brows; and only extensions reach below the chin (not the collar or shoulders)
        double lowest = zone == Zone.EXTENSION ? h : chin.y() + 0.1 * fh;
        for (int i = 0; i < out.length; i++) {
            int y = i / w;
            if (zone != Zone.AGING && f[i] > 0.5f && y >= browY || y > lowest) {
                out[i] = 0;
            }
        }
        return Image.wrap(w, h, out);
    }

    /** {@code m} dilated by about {@code r} pixels (a blur thresholded low), as 0/1. */
    static float[] grow(float[] m, int w, int h, double r) {
        float[] soft = Blur.gaussian(m, w, h, Math.max(0.5, r / 2));
        float[] out = new float[m.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = soft[i] > 0.05f || m[i] > 0.5f ? 1 : 0;
        }
        return out;
    }
}
