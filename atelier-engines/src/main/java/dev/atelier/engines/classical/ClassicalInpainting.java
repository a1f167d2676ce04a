package dev.atelier.engines.classical;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.inpaint.Inpaint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exemplar-based multi-scale PatchMatch fill from {@code atelier-imaging}, which never copies faces: a face copied
 * into the fill reads as a second face (the astronaut's, beside her, was the bug that showed it). Faces are found
 * by the face detector when one is installed, and their boxes, grown by a quarter, are left out of the sources. The
 * result metadata says how many faces were protected, or why none could be.
 */
public final class ClassicalInpainting extends ClassicalEngine implements Inpainting {
    /** How much a face box is grown on every side before it is excluded (hair, ears, chin). */
    static final double FACE_MARGIN = 0.25;

    private final FaceDetection faces;

    /** Without face protection (the result metadata says so). */
    public ClassicalInpainting() {
        this(null);
    }

    /** @param faces the detector whose faces are never copied; null for none */
    public ClassicalInpainting(FaceDetection faces) {
        this.faces = faces;
    }

    @Override
    public String id() {
        return "classical-patchmatch";
    }

    @Override
    public Image inpaint(Image source, Image mask, Progress progress) {
        return fill(source, mask, progress).image();
    }

    @Override
    public ImageResult fill(Image source, Image mask, Progress progress) {
        progress.report(0.0, "filling");
        Map<String, String> metadata = new LinkedHashMap<>();
        Image avoid = null;
        if (faces == null) {
            metadata.put("face_protection", "off: no face detector configured");
        } else if (!faces.availability().isAvailable()) {
            metadata.put("face_protection", "off: " + faces.availability().describe());
        } else {
            try {
                List<FaceDetection.Face> found = faces.detect(source, Progress.none()).faces();
                avoid = faceRegions(found, source.width(), source.height());
                metadata.put("face_protection", found.size() + " face(s) not copied");
            } catch (EngineException e) {
                metadata.put("face_protection", "off: the face detector failed: " + e.getMessage());
            }
        }
        Image out = Inpaint.inpaint(source, mask, avoid, Inpaint.DEFAULT_SEED);
        progress.report(1.0, "filled");
        return new ImageResult(out, metadata);
    }

    /** The faces' boxes grown by {@link #FACE_MARGIN}, as a 1-channel mask; null when there is no face. */
    static Image faceRegions(List<FaceDetection.Face> found, int width, int height) {
        if (found.isEmpty()) {
            return null;
        }
        Image avoid = Image.create(width, height, 1);
        float[] a = avoid.plane(0);
        for (FaceDetection.Face f : found) {
            FaceDetection.Box b = f.box();
            int x0 = (int) Math.max(0, Math.floor(b.x() - FACE_MARGIN * b.width()));
            int y0 = (int) Math.max(0, Math.floor(b.y() - FACE_MARGIN * b.height()));
            int x1 = (int) Math.min(width, Math.ceil(b.x() + (1 + FACE_MARGIN) * b.width()));
            int y1 = (int) Math.min(height, Math.ceil(b.y() + (1 + FACE_MARGIN) * b.height()));
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(a, y * width + x0, y * width + Math.max(x0, x1), 1f);
            }
        }
        return avoid;
    }
}
