package dev.atelier.engines.faceedit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.Lab;
import dev.atelier.imaging.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Makeup transfer on the astronaut: the reference is the same photo with violet lipstick painted on through the
 * mesh's lip mask, so only the lips should change, and towards violet.
 */
class MakeupTransferRealModelTest {

    @Test
    void lipColourMovesToTheReferencesAndTheRestStaysPut() {
        Image photo = RealModels.photo("astronaut.png");
        try (ModelRegistry registry = RealModels.registry();
                OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults())) {
            RealModels.require(registry, "blazeface-back");
            RealModels.require(registry, "face-mesh");
            List<FaceLandmarks.Point3> mesh = FaceSwapRealModelTest.mesh(host, photo);
            Image lips = MeshRegions.mask(mesh, MeshRegions.LIPS_OUTER, photo.width(), photo.height());
            Image mouth = MeshRegions.mask(mesh, MeshRegions.LIPS_INNER, photo.width(), photo.height());
            for (int i = 0; i < lips.plane(0).length; i++) {
                lips.plane(0)[i] *= 1 - mouth.plane(0)[i]; // the lips, not the teeth between them
            }
            Image reference = photo.copy();
            float[] violet = {0.55f, 0.15f, 0.6f};
            for (int i = 0; i < lips.plane(0).length; i++) {
                if (lips.plane(0)[i] > 0.5f) {
                    float luma = 0.3f * photo.plane(0)[i] + 0.59f * photo.plane(1)[i] + 0.11f * photo.plane(2)[i];
                    for (int c = 0; c < 3; c++) {
                        reference.plane(c)[i] = Math.min(1, violet[c] * luma * 2);
                    }
                }
            }
            Image out = MakeupTransfer.transfer(photo, mesh, reference, mesh);
            FaceSwapRealModelTest.save(out, "makeup.png");

            double[] before = meanLab(photo, lips);
            double[] wanted = meanLab(reference, lips);
            double[] after = meanLab(out, lips);
            System.out.printf("lips Lab a,b: source %.1f,%.1f reference %.1f,%.1f result %.1f,%.1f%n", before[1],
                    before[2], wanted[1], wanted[2], after[1], after[2]);
            double distBefore = Math.hypot(wanted[1] - before[1], wanted[2] - before[2]);
            double distAfter = Math.hypot(wanted[1] - after[1], wanted[2] - after[2]);
            assertThat(distAfter).isLessThan(0.35 * distBefore);

            Image rest = Image.create(photo.width(), photo.height(), 1);
            Image oval = MeshRegions.mask(mesh, MeshRegions.FACE_OVAL, photo.width(), photo.height());
            for (int i = 0; i < rest.plane(0).length; i++) {
                rest.plane(0)[i] = oval.plane(0)[i] > 0.5f ? 0 : 1;
            }
            double outside = Metrics.psnr(out, photo, rest);
            double skin = Metrics.psnr(out, photo, skinAwayFromLips(mesh, photo));
            System.out.println("makeup: PSNR outside the face " + outside + ", on the skin away from the lips " + skin);
            assertThat(outside).isGreaterThan(45);
            assertThat(skin).isGreaterThan(35);
        }
    }

    private static Image skinAwayFromLips(List<FaceLandmarks.Point3> mesh, Image photo) {
        Image skin = MeshRegions.mask(mesh, MeshRegions.FACE_OVAL, photo.width(), photo.height());
        double fw = MeshRegions.faceWidth(mesh);
        FaceLandmarks.Point3 mouth = mesh.get(13);
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                if (Math.hypot(x - mouth.x(), y - mouth.y()) < 0.35 * fw) {
                    skin.set(0, x, y, 0);
                }
            }
        }
        return skin;
    }

    static double[] meanLab(Image img, Image mask) {
        float[][] lab = Lab.fromImage(img);
        double[] s = new double[3];
        double n = 0;
        for (int i = 0; i < mask.plane(0).length; i++) {
            if (mask.plane(0)[i] > 0.5f) {
                for (int c = 0; c < 3; c++) {
                    s[c] += lab[c][i];
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
