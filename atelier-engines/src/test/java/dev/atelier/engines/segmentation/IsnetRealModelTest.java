package dev.atelier.engines.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.Masks;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import org.junit.jupiter.api.Test;

/** ISNet fp16 from npm on a real photo (skipped with a message when the model or photo is unavailable). */
class IsnetRealModelTest {

    @Test
    void astronautMaskMatchesTheHandDrawnOutlineOfTheSubject() {
        Image photo = RealModels.photo("astronaut.png");
        try (ModelRegistry registry = RealModels.registry();
                OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults())) {
            RealModels.require(registry, "isnet-fp16");
            Segmentation.Result result = new IsnetSegmentation(host, "isnet-fp16").segment(photo, Progress.none());
            Image outline = Masks.polygon("/dev/atelier/engines/segmentation/astronaut-subject.txt", 512, 512);
            double iou = Masks.iou(result.mask(), outline);
            System.out.println("astronaut ISNet fp16 mask IoU against the outline: " + iou + " " + result.metadata());
            assertThat(iou).isGreaterThanOrEqualTo(0.9);
        }
    }
}
