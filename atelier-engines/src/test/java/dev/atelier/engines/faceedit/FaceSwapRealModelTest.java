package dev.atelier.engines.faceedit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Progress;
import dev.atelier.engines.face.BlazeFaceDetection;
import dev.atelier.engines.face.FaceMesh;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Face swap and makeup transfer on the astronaut's face with the real detector and mesh (skipped without them). */
class FaceSwapRealModelTest {

    static List<FaceLandmarks.Point3> mesh(OnnxHost host, Image photo) {
        FaceDetection.Face face = new BlazeFaceDetection(host, "blazeface-back").detect(photo, Progress.none())
                .faces().getFirst();
        return new FaceMesh(host).landmarks(photo, face, Progress.none()).points();
    }

    /** The photo mirrored left to right and tinted, so it is a different-looking face. */
    static Image mirroredAndTinted(Image photo) {
        Image out = Image.create(photo.width(), photo.height(), 3);
        float[] gain = {1.0f, 0.8f, 0.7f};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < photo.height(); y++) {
                for (int x = 0; x < photo.width(); x++) {
                    out.set(c, x, y, photo.get(c, photo.width() - 1 - x, y) * gain[c]);
                }
            }
        }
        return out;
    }

    @Test
    void swappingAFaceWithItselfChangesNothingAndAnotherFaceChangesOnlyTheFace() {
        Image photo = RealModels.photo("astronaut.png");
        try (ModelRegistry registry = RealModels.registry();
                OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults())) {
            RealModels.require(registry, "blazeface-back");
            RealModels.require(registry, "face-mesh");
            List<FaceLandmarks.Point3> own = mesh(host, photo);
            Image self = FaceSwap.swap(photo, own, photo, own);
            double selfPsnr = Metrics.psnr(self, photo);
            System.out.println("face swap with itself: PSNR " + selfPsnr);
            assertThat(selfPsnr).isGreaterThan(40);

            Image other = mirroredAndTinted(photo);
            List<FaceLandmarks.Point3> otherMesh = mesh(host, other);
            Image swapped = FaceSwap.swap(photo, own, other, otherMesh);
            save(swapped, "face-swap.png");
            Image face = MeshRegions.mask(own, MeshRegions.FACE_OVAL, photo.width(), photo.height());
            Image outside = Image.create(photo.width(), photo.height(), 1);
            // outside the face: more than 20% of the face width away from the oval's bounding box
            double fw = MeshRegions.faceWidth(own);
            double minX = own.stream().mapToDouble(FaceLandmarks.Point3::x).min().orElseThrow() - 0.2 * fw;
            double maxX = own.stream().mapToDouble(FaceLandmarks.Point3::x).max().orElseThrow() + 0.2 * fw;
            double minY = own.stream().mapToDouble(FaceLandmarks.Point3::y).min().orElseThrow() - 0.2 * fw;
            double maxY = own.stream().mapToDouble(FaceLandmarks.Point3::y).max().orElseThrow() + 0.2 * fw;
            for (int y = 0; y < photo.height(); y++) {
                for (int x = 0; x < photo.width(); x++) {
                    if (x < minX || x > maxX || y < minY || y > maxY) {
                        outside.set(0, x, y, 1);
                    }
                }
            }
            double background = Metrics.psnr(swapped, photo, outside);
            double faceRegion = Metrics.psnr(swapped, photo, face);
            System.out.println("face swap: PSNR outside the face " + background + ", inside " + faceRegion);
            assertThat(background).isGreaterThan(60);
            assertThat(faceRegion).isLessThan(35);
            // the colour of the swapped face follows the target's lighting, not the tint of the reference
            double[] meanSwapped = mean(swapped, face);
            double[] meanPhoto = mean(photo, face);
            for (int c = 0; c < 3; c++) {
                assertThat(Math.abs(meanSwapped[c] - meanPhoto[c])).as("channel %d mean", c).isLessThan(0.04);
            }
        }
    }

    /** Keeps a result under target/ for a person to look at. */
    static void save(Image img, String name) {
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "faceedit"));
            java.nio.file.Files.write(java.nio.file.Path.of("target", "faceedit", name),
                    dev.atelier.imaging.Codecs.encodeLossless(img, dev.atelier.imaging.ImageFormat.PNG));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double[] mean(Image img, Image mask) {
        double[] s = new double[3];
        double n = 0;
        for (int i = 0; i < mask.plane(0).length; i++) {
            if (mask.plane(0)[i] > 0.5f) {
                for (int c = 0; c < 3; c++) {
                    s[c] += img.plane(c)[i];
                }
                n++;
            }
        }
        for (int c = 0; c < 3; c++) {
            s[c] /= n;
        }
        return s;
    }
}
