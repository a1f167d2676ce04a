package dev.atelier.engines.inpaint;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.testing.TinyModelHost;
import dev.atelier.engines.testing.TinyFamilies;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LaMa pipeline on tiny models with the public export's tensors: {@code image} and {@code mask} in,
 * {@code output} = image outside the mask and a known colour inside it, in 0–255 as Carve's export gives.
 */
class LamaInpaintingTest {
    private static final long[] IMG = {1, 3, 512, 512};
    private static final long[] MSK = {1, 1, 512, 512};
    private static final float[] FILL = {0.2f, 0.6f, 0.4f};

    @TempDir
    Path tmp;

    private TinyModelHost models;
    private OnnxHost host;

    private static IoContract lamaContract() {
        return new IoContract(List.of(tensor("image", IMG), tensor("mask", MSK)), List.of(tensor("output", IMG)),
                "test");
    }

    @BeforeEach
    void setUp() {
        models = new TinyModelHost(tmp)
                .model("lama-tiny", ModelCapability.INPAINTING, "lama", TinyFamilies.lamaFill(FILL), lamaContract())
                .absent("lama-absent", ModelCapability.INPAINTING, "lama", lamaContract());
        host = models.start();
    }

    @AfterEach
    void tearDown() {
        models.close();
    }

    /** A smooth gradient photo, so resampling the crop changes it little. */
    private static Image gradient(int w, int h) {
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(0, x, y, x / (float) w);
                img.set(1, x, y, y / (float) h);
                img.set(2, x, y, 0.5f);
            }
        }
        return img;
    }

    private static Image rect(int w, int h, int x0, int y0, int rw, int rh) {
        Image m = Image.create(w, h, 1);
        for (int y = y0; y < y0 + rh; y++) {
            for (int x = x0; x < x0 + rw; x++) {
                m.set(0, x, y, 1f);
            }
        }
        return m;
    }

    @Test
    void theHoleGetsTheModelsPixelsAndTheRestStaysTheSource() {
        Image photo = gradient(1200, 800);
        Image hole = rect(1200, 800, 700, 500, 60, 40);
        ImageResult result = new LamaInpainting(host, "lama-tiny").fill(photo, hole, Progress.none());
        Image out = result.image();

        Image expected = photo.copy();
        for (int y = 500; y < 540; y++) {
            for (int x = 700; x < 760; x++) {
                for (int c = 0; c < 3; c++) {
                    expected.set(c, x, y, FILL[c]);
                }
            }
        }
        // Inside the hole: the model's colour (its 0-255 output read as such).
        assertThat(Metrics.psnr(out, expected, hole)).isGreaterThan(40);
        // Far from the hole: untouched.
        Image far = rect(1200, 800, 0, 0, 600, 400);
        assertThat(Metrics.psnr(out, photo, far)).isGreaterThan(80);
        // The crop is square with context around the hole.
        assertThat(result.metadata()).containsEntry("engine", "onnx:lama-tiny").containsEntry("crop", "640,430,180x180");
    }

    @Test
    void theSeamIsFeatheredOutsideTheHole() {
        Image photo = gradient(400, 300);
        Image hole = rect(400, 300, 200, 150, 20, 20);
        Image out = new LamaInpainting(host, "lama-tiny").inpaint(photo, hole, Progress.none());
        // One pixel left of the hole is a mix of the two, nearer the source the further out.
        float src = photo.get(1, 199, 160);
        float near = out.get(1, 199, 160);
        float further = out.get(1, 197, 160);
        assertThat(near).isStrictlyBetween(Math.min(src, FILL[1]), Math.max(src, FILL[1]));
        assertThat(Math.abs(further - photo.get(1, 197, 160))).isLessThan(Math.abs(near - src));
        assertThat(out.get(1, 190, 160)).isEqualTo(photo.get(1, 190, 160));
    }

    @Test
    void cropsNearTheBorderStayInsideThePicture() {
        assertThat(LamaInpainting.contextCrop(new int[] {0, 0, 9, 9}, 1000, 1000)).containsExactly(0, 0, 74, 74);
        assertThat(LamaInpainting.contextCrop(new int[] {990, 5, 999, 14}, 1000, 50)).containsExactly(926, 0, 74, 50);
    }

    @Test
    void missingModelSaysHowToInstallIt() {
        LamaInpainting engine = new LamaInpainting(host, "lama-absent");
        assertThat(engine.availability().isAvailable()).isFalse();
        assertThatThrownBy(() -> engine.inpaint(gradient(8, 8), rect(8, 8, 2, 2, 2, 2), Progress.none()))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                    assertThat(e.getMessage()).contains("./atelier models pull lama-absent");
                });
    }
}
