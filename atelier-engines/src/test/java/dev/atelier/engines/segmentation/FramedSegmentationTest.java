package dev.atelier.engines.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.Masks;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The framed second look: taken only for small subjects, kept only when it finds a much larger one, and its matte
 * mapped back onto the picture pixel for pixel. Then the real case that showed the problem: ISNet on plant.jpg.
 */
class FramedSegmentationTest {

    /**
     * A stand-in salient model with a frame-edge blind spot, like the real one: bright pixels are the subject, except
     * that a bright region touching the picture's edge is taken for background (only what lies strictly inside
     * counts). It records the sizes it was asked to segment.
     */
    static final class EdgeShySegmentation implements Segmentation {
        final List<String> calls = new ArrayList<>();

        @Override
        public String id() {
            return "edge-shy";
        }

        @Override
        public EngineKind kind() {
            return EngineKind.CLASSICAL;
        }

        @Override
        public Availability availability() {
            return Availability.AVAILABLE;
        }

        @Override
        public Result segment(Image source, Progress progress) {
            int w = source.width();
            int h = source.height();
            calls.add(w + "x" + h);
            Image mask = Image.create(w, h, 1);
            boolean touches = false;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean bright = source.plane(0)[y * w + x] > 0.5f;
                    touches |= bright && (x == 0 || y == 0 || x == w - 1 || y == h - 1);
                }
            }
            for (int i = 0; i < w * h; i++) {
                // The small grey object (0.3) is always found; the bright subject only when it stands inside.
                float v = source.plane(0)[i];
                mask.plane(0)[i] = (v > 0.2f && v < 0.4f) || (!touches && v > 0.5f) ? 1 : 0;
            }
            return new Result(mask, Map.of("engine", id()));
        }
    }

    /** A 100×80 picture: a bright block from the top edge down to row 60 (the subject), a small grey square. */
    private static Image plantLike() {
        Image img = Image.create(100, 80, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 80; y++) {
                for (int x = 0; x < 100; x++) {
                    float v = y < 60 && x >= 10 && x < 90 ? 0.9f : 0.05f;
                    if (x >= 45 && x < 50 && y >= 65 && y < 70) {
                        v = 0.3f;
                    }
                    img.plane(c)[y * 100 + x] = v;
                }
            }
        }
        return img;
    }

    @Test
    void aSubjectThatFillsTheFrameIsFoundWithAMarginAndMappedBack() {
        EdgeShySegmentation model = new EdgeShySegmentation();
        Segmentation.Result r = new FramedSegmentation(model).segment(plantLike(), Progress.none());
        assertThat(model.calls).containsExactly("100x80", "160x128");
        float[] m = r.mask().plane(0);
        assertThat(m[30 * 100 + 50]).as("inside the bright subject").isEqualTo(1f);
        assertThat(m[0 * 100 + 10]).as("the subject's top-left corner, on the picture's edge").isEqualTo(1f);
        assertThat(m[0 * 100 + 9]).as("just left of it").isEqualTo(0f);
        assertThat(m[67 * 100 + 47]).as("the small object is still there").isEqualTo(1f);
        assertThat(m[75 * 100 + 5]).as("background").isEqualTo(0f);
        assertThat(r.metadata().get("subject_framing")).contains("taken as the subject");
        assertThat(r.metadata()).containsEntry("engine", "edge-shy");
    }

    @Test
    void aGenuinelySmallSubjectKeepsItsFirstMatte() {
        Image img = plantLike();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 100 * 80; i++) {
                if (img.plane(c)[i] > 0.5f) {
                    img.plane(c)[i] = 0.05f; // no large subject at all
                }
            }
        }
        EdgeShySegmentation model = new EdgeShySegmentation();
        Segmentation.Result r = new FramedSegmentation(model).segment(img, Progress.none());
        assertThat(model.calls).hasSize(2);
        assertThat(FramedSegmentation.area(r.mask())).isEqualTo(25 / 8000.0);
        assertThat(r.metadata().get("subject_framing")).contains("small subject");
    }

    @Test
    void aLargeSubjectIsSegmentedOnce() {
        EdgeShySegmentation model = new EdgeShySegmentation();
        Image img = Image.create(100, 80, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 20; y < 60; y++) {
                for (int x = 20; x < 80; x++) {
                    img.plane(c)[y * 100 + x] = 0.9f;
                }
            }
        }
        Segmentation.Result r = new FramedSegmentation(model).segment(img, Progress.none());
        assertThat(model.calls).containsExactly("100x80");
        assertThat(r.metadata()).doesNotContainKey("subject_framing");
    }

    /** The photo that showed it: ISNet alone keeps the clothes-peg; framed, it finds the plant and its pot. */
    @Test
    void thePlantIsTheSubjectOfPlantJpg() {
        Image photo = RealModels.photo("plant.jpg");
        Image truth = RealModels.photo("plant_matte.png");
        Image matte = Image.wrap(truth.width(), truth.height(), truth.plane(0));
        try (ModelRegistry registry = RealModels.registry();
                OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults())) {
            RealModels.require(registry, "isnet-fp16");
            IsnetSegmentation isnet = new IsnetSegmentation(host, "isnet-fp16");
            double alone = Masks.iou(isnet.segment(photo, Progress.none()).mask(), matte);
            Segmentation.Result framed = new FramedSegmentation(isnet).segment(photo, Progress.none());
            double iou = Masks.iou(framed.mask(), matte);
            System.out.println("plant.jpg IoU with the hand-made matte: ISNet alone " + alone + ", framed " + iou
                    + " " + framed.metadata());
            assertThat(alone).isLessThan(0.1); // measured 0.042: the clothes-peg
            assertThat(iou).isGreaterThan(0.75); // measured 0.828
        }
    }
}
