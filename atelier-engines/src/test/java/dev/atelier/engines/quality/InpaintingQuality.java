package dev.atelier.engines.quality;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.classical.ClassicalInpainting;
import dev.atelier.engines.quality.Pictures.Rect;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Object removal with a known answer: an object cut out of one photo with the background remover's matte is pasted
 * onto another photo, then removed with the paste's mask (the matte grown by a few pixels, as a brush would paint
 * it). The clean photo is the ground truth. Measured in the hole: PSNR and SSIM against OpenCV's TELEA and
 * Navier–Stokes inpainting on the same inputs; and the structure check the astronaut's second face called for: the
 * face detector finds no more faces in the result than in the clean photo, and no block of the fill is a copy of a
 * face region.
 */
final class InpaintingQuality {
    /** Where the object goes: beside the background's first face (left or right of it), or at a seeded place. */
    enum Placement { FACE_LEFT, FACE_RIGHT, SEEDED }

    /** A paste: the object photo, the background photo, the object's longer side as a fraction of the shorter side. */
    record Case(String object, String background, Placement placement, double size) {
        String id() {
            return strip(object) + "-on-" + strip(background);
        }

        private static String strip(String name) {
            return name.substring(0, name.indexOf('.')).replace("_cls", "");
        }
    }

    /** A built case: the pasted input, the hole, and the clean truth. */
    record Built(Case spec, Image input, Image hole, Image truth, List<FaceDetection.Face> truthFaces) {}

    /** Per-case measures. */
    record Measured(Built built, Image result, double psnr, double ssim, int faces, int faceCopies) {}

    static final List<Case> FULL = List.of(
            new Case("squirrel_cls.jpg", "astronaut.png", Placement.FACE_RIGHT, 0.32),
            new Case("coffee.png", "astronaut.png", Placement.FACE_LEFT, 0.30),
            new Case("orange.jpg", "aero1.jpg", Placement.SEEDED, 0.26),
            new Case("orange.jpg", "messi5.jpg", Placement.FACE_RIGHT, 0.22),
            new Case("butterfly.jpg", "messi5.jpg", Placement.FACE_LEFT, 0.26),
            new Case("chelsea.png", "building.jpg", Placement.SEEDED, 0.30),
            new Case("squirrel_cls.jpg", "home.jpg", Placement.SEEDED, 0.30),
            new Case("butterfly.jpg", "brick.png", Placement.SEEDED, 0.30),
            new Case("coffee.png", "grass.png", Placement.SEEDED, 0.28),
            new Case("chelsea.png", "fruits.jpg", Placement.SEEDED, 0.26));

    /** The reduced set CI runs: one face case and one texture case. */
    static final List<Case> REDUCED = List.of(FULL.get(0), FULL.get(7));

    private InpaintingQuality() {}

    static Built build(Bench bench, Case c, long seed) {
        Image object = bench.photo(c.object());
        Image matte = bench.matte(c.object());
        Image bg = bench.photo(c.background());
        Rect r = Pictures.bounds(matte, 0.5f, 3);
        double scale = c.size() * Math.min(bg.width(), bg.height()) / Math.max(r.width(), r.height());
        int sw = Math.max(8, (int) Math.round(r.width() * scale));
        int sh = Math.max(8, (int) Math.round(r.height() * scale));
        Image small = Pictures.resize(Pictures.crop(object, r), sw, sh);
        Image smallAlpha = Pictures.resize(Pictures.crop(matte, r), sw, sh);
        List<FaceDetection.Face> faces = bench.faces(bg);
        int x;
        int y;
        if (c.placement() != Placement.SEEDED && !faces.isEmpty()) {
            FaceDetection.Box f = faces.getFirst().box();
            int gap = (int) Math.round(0.08 * f.width());
            switch (c.placement()) {
                case FACE_LEFT -> {
                    x = (int) Math.round(f.x()) - gap - sw;
                    y = (int) Math.round(f.centerY() - sh / 2.0);
                }
                default -> {
                    x = (int) Math.round(f.x() + f.width()) + gap;
                    y = (int) Math.round(f.centerY() - sh / 2.0);
                }
            }
        } else {
            SplittableRandom rnd = new SplittableRandom(seed ^ c.id().hashCode());
            x = rnd.nextInt(Math.max(1, bg.width() - sw));
            y = rnd.nextInt(Math.max(1, bg.height() - sh));
        }
        x = Math.clamp(x, 0, Math.max(0, bg.width() - sw));
        y = Math.clamp(y, 0, Math.max(0, bg.height() - sh));
        Image[] placed = Pictures.place(small, smallAlpha, x, y, bg.width(), bg.height());
        Image input = Pictures.over(placed[0], placed[1], bg);
        Image hole = Pictures.binaryDilated(placed[1], 0.02f, 4);
        return new Built(c, input, hole, bg, faces);
    }

    static Measured measure(Bench bench, Built b, Image result) {
        double psnr = Metrics.psnr(result, b.truth(), b.hole());
        double ssim = Metrics.ssim(result, b.truth(), b.hole());
        int faces = bench.faces(result).size();
        return new Measured(b, result, psnr, ssim, faces, faceCopies(result, b.hole(), b.truthFaces()));
    }

    /** Atelier's classical engine as the server runs it: face protection from the bench's face detector. */
    static Image atelier(Bench bench, Built b) {
        return new ClassicalInpainting(bench.faceDetector()).inpaint(b.input(), b.hole(), Progress.none());
    }

    /** The block side of the copy check, in pixels. */
    static final int BLOCK = 12;
    /** A block closer than this to some face block (PSNR, dB) is a copy of it. */
    static final double COPY_PSNR = 30;

    /**
     * How many {@value #BLOCK}-pixel blocks of the filled hole (non-overlapping, wholly inside the hole, not flat) are
     * copies of a block of one of the faces: PSNR against their best match in the inner 60% of the face box (eyes,
     * nose, mouth) above {@value #COPY_PSNR} dB.
     * Exemplar fills copy pixels nearly verbatim, so a copied face shows up here even when the detector misses it.
     */
    static int faceCopies(Image result, Image hole, List<FaceDetection.Face> faces) {
        if (faces.isEmpty()) {
            return 0;
        }
        int w = result.width();
        int h = result.height();
        float[] luma = Metrics.luma(result);
        float[] m = hole.plane(0);
        Rect bounds = Pictures.bounds(hole, 0.5f, 0);
        double maxMse = Math.pow(10, -COPY_PSNR / 10);
        int copies = 0;
        for (int by = bounds.y(); by + BLOCK <= bounds.y() + bounds.height(); by += BLOCK) {
            for (int bx = bounds.x(); bx + BLOCK <= bounds.x() + bounds.width(); bx += BLOCK) {
                if (!allHole(m, w, bx, by) || std(luma, w, bx, by) < 0.03) {
                    continue;
                }
                boolean copy = false;
                for (FaceDetection.Face f : faces) {
                    // The inner 60% of the box: eyes, nose and mouth, not the wall or hair at its corners.
                    FaceDetection.Box fb = f.box();
                    int fx0 = Math.max(0, (int) (fb.x() + 0.2 * fb.width()));
                    int fy0 = Math.max(0, (int) (fb.y() + 0.2 * fb.height()));
                    int fx1 = Math.min(w - BLOCK, (int) (fb.x() + 0.8 * fb.width()) - BLOCK);
                    int fy1 = Math.min(h - BLOCK, (int) (fb.y() + 0.8 * fb.height()) - BLOCK);
                    for (int sy = fy0; sy <= fy1 && !copy; sy++) {
                        for (int sx = fx0; sx <= fx1 && !copy; sx++) {
                            copy = blockMse(result, bx, by, sx, sy, maxMse) < maxMse;
                        }
                    }
                }
                copies += copy ? 1 : 0;
            }
        }
        return copies;
    }

    private static boolean allHole(float[] m, int w, int bx, int by) {
        for (int y = by; y < by + BLOCK; y++) {
            for (int x = bx; x < bx + BLOCK; x++) {
                if (m[y * w + x] <= 0.5f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double std(float[] luma, int w, int bx, int by) {
        double s = 0;
        double s2 = 0;
        for (int y = by; y < by + BLOCK; y++) {
            for (int x = bx; x < bx + BLOCK; x++) {
                s += luma[y * w + x];
                s2 += luma[y * w + x] * luma[y * w + x];
            }
        }
        int n = BLOCK * BLOCK;
        return Math.sqrt(Math.max(0, s2 / n - (s / n) * (s / n)));
    }

    private static double blockMse(Image img, int ax, int ay, int bx, int by, double bound) {
        int w = img.width();
        double limit = bound * BLOCK * BLOCK * 3;
        double d = 0;
        for (int y = 0; y < BLOCK; y++) {
            int ra = (ay + y) * w + ax;
            int rb = (by + y) * w + bx;
            for (int c = 0; c < 3; c++) {
                float[] p = img.plane(c);
                for (int x = 0; x < BLOCK; x++) {
                    float e = p[ra + x] - p[rb + x];
                    d += e * e;
                }
            }
            if (d >= limit) {
                return d / (BLOCK * BLOCK * 3);
            }
        }
        return d / (BLOCK * BLOCK * 3);
    }

    /** The measured cases as table rows, with OpenCV's (when it ran) as the baseline. */
    static List<Row> rows(List<Measured> atelier, List<Measured> telea, List<Measured> ns) {
        List<Row> rows = new ArrayList<>();
        int n = atelier.size();
        double psnr = Pictures.mean(atelier.stream().mapToDouble(Measured::psnr).toArray());
        double ssim = Pictures.mean(atelier.stream().mapToDouble(Measured::ssim).toArray());
        double tPsnr = telea.isEmpty() ? Double.NaN : Pictures.mean(telea.stream().mapToDouble(Measured::psnr).toArray());
        double tSsim = telea.isEmpty() ? Double.NaN : Pictures.mean(telea.stream().mapToDouble(Measured::ssim).toArray());
        double nPsnr = ns.isEmpty() ? Double.NaN : Pictures.mean(ns.stream().mapToDouble(Measured::psnr).toArray());
        double nSsim = ns.isEmpty() ? Double.NaN : Pictures.mean(ns.stream().mapToDouble(Measured::ssim).toArray());
        rows.add(Row.of("inpainting", "PSNR in the hole, dB (mean)", n, psnr, "TELEA", tPsnr,
                "≥ TELEA + 1", telea.isEmpty() ? null : psnr >= tPsnr + 1));
        rows.add(Row.of("inpainting", "PSNR in the hole, dB (mean)", n, psnr, "NS", nPsnr, "", null));
        rows.add(Row.of("inpainting", "SSIM in the hole (mean)", n, ssim, "TELEA", tSsim, "", null));
        rows.add(Row.of("inpainting", "SSIM in the hole (mean)", n, ssim, "NS", nSsim, "", null));
        int newFaces = atelier.stream().mapToInt(m -> Math.max(0, m.faces() - m.built().truthFaces().size())).sum();
        int casesWithNewFaces = (int) atelier.stream().filter(m -> m.faces() > m.built().truthFaces().size()).count();
        int teleaNewFaces = telea.stream().mapToInt(m -> Math.max(0, m.faces() - m.built().truthFaces().size())).sum();
        rows.add(new Row("inpainting", "new faces found in the results (total; cases with any)", n,
                newFaces + " (" + casesWithNewFaces + ")", telea.isEmpty() ? "" : "TELEA " + teleaNewFaces, "0",
                newFaces == 0 ? "yes" : "**no**"));
        int copies = atelier.stream().mapToInt(Measured::faceCopies).sum();
        int casesWithCopies = (int) atelier.stream().filter(m -> m.faceCopies() > 0).count();
        rows.add(new Row("inpainting", "fill blocks copied from a face (total; cases with any)", n,
                copies + " (" + casesWithCopies + ")", "", "0", copies == 0 ? "yes" : "**no**"));
        return rows;
    }
}
