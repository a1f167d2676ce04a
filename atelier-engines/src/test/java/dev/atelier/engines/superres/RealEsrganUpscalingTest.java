package dev.atelier.engines.superres;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.testing.TinyModelHost;
import dev.atelier.engines.testing.TinyFamilies;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Real-ESRGAN pipeline on tiny models with the public exports' tensors ({@code input} [1,3,h,w] in [0, 1],
 * {@code output} [1,3,h·s,w·s]): a nearest-neighbour ×s model, so the right answer is known exactly.
 */
class RealEsrganUpscalingTest {
    private static final long SEED = 5_2026L;

    @TempDir
    Path tmp;

    private TinyModelHost models;
    private OnnxHost host;

    @BeforeEach
    void setUp() {
        models = new TinyModelHost(tmp)
                .model("sr-x2", ModelCapability.SUPER_RESOLUTION, "real-esrgan", TinyFamilies.nearestSuperResolution(2, -1, -1),
                        contract(tensor("input", 1, 3, -1, -1), tensor("output", 1, 3, -1, -1)))
                .model("sr-x4", ModelCapability.SUPER_RESOLUTION, "real-esrgan", TinyFamilies.nearestSuperResolution(4, -1, -1),
                        contract(tensor("input", 1, 3, -1, -1), tensor("output", 1, 3, -1, -1)))
                .model("sr-fixed", ModelCapability.SUPER_RESOLUTION, "real-esrgan", TinyFamilies.nearestSuperResolution(2, 64, 64),
                        contract(tensor("input", 1, 3, 64, 64), tensor("output", 1, 3, 128, 128)))
                .absent("sr-absent", ModelCapability.SUPER_RESOLUTION, "real-esrgan",
                        contract(tensor("input", 1, 3, -1, -1), tensor("output", 1, 3, -1, -1)));
        host = models.start();
    }

    @AfterEach
    void tearDown() {
        models.close();
    }

    private static Image photo(int w, int h, int channels) {
        System.out.println("RealEsrganUpscalingTest seed " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        Image img = Image.create(w, h, channels);
        for (int c = 0; c < channels; c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) r.nextDouble();
            }
        }
        return img;
    }

    private static Image nearest(Image src, int s) {
        Image out = Image.create(src.width() * s, src.height() * s, src.channels());
        for (int c = 0; c < src.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    out.set(c, x, y, src.get(c, x / s, y / s));
                }
            }
        }
        return out;
    }

    @Test
    void largePicturesRunInTilesAndMatchTheWholeModelOutput() {
        // 600x300 with the 128-pixel tiles of a x4 model (16 px shared): 6x3 tiles, the seams invisible because the
        // tiles agree.
        Image src = photo(600, 300, 3);
        ImageResult result = new RealEsrganUpscaling(host, "sr-x4", 4).upscale(src, 4, Progress.none());
        assertThat(result.image().width()).isEqualTo(2400);
        assertThat(result.image().height()).isEqualTo(1200);
        assertThat(Metrics.psnr(result.image(), nearest(src, 4))).isGreaterThan(60);
        assertThat(result.metadata()).containsEntry("engine", "onnx:sr-x4").containsEntry("tiles", "18")
                .containsEntry("device", "cpu").containsKey("inference_ms");
    }

    @Test
    void aFixedSizeModelGetsWholeTilesEvenForASmallPicture() {
        Image src = photo(40, 30, 3);
        Image out = new RealEsrganUpscaling(host, "sr-fixed", 2).enhance(src, 2, Progress.none());
        assertThat(out.width()).isEqualTo(80);
        assertThat(out.height()).isEqualTo(60);
        assertThat(Metrics.psnr(out, nearest(src, 2))).isGreaterThan(60);
    }

    @Test
    void greyAndAlphaKeepTheirChannels() {
        Image grey = photo(50, 40, 1);
        Image out = new RealEsrganUpscaling(host, "sr-x2", 2).enhance(grey, 2, Progress.none());
        assertThat(out.channels()).isEqualTo(1);
        assertThat(Metrics.psnr(out, nearest(grey, 2))).isGreaterThan(60);

        Image rgba = photo(50, 40, 4);
        Image out4 = new RealEsrganUpscaling(host, "sr-x2", 2).enhance(rgba, 2, Progress.none());
        assertThat(out4.channels()).isEqualTo(4);
        assertThat(out4.width()).isEqualTo(100);
    }

    @Test
    void aSmallerScaleShrinksTheModelOutputAndSaysSo() {
        Image src = photo(64, 48, 3);
        ImageResult r = new RealEsrganUpscaling(host, "sr-x4", 4).upscale(src, 2, Progress.none());
        assertThat(r.image().width()).isEqualTo(128);
        assertThat(r.image().height()).isEqualTo(96);
        assertThat(r.metadata().get("resized")).contains("x4", "x2");
        assertThatThrownBy(() -> new RealEsrganUpscaling(host, "sr-x2", 2).upscale(src, 4, Progress.none()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage()).contains("up to x2"));
    }

    @Test
    void missingModelSaysHowToInstallIt() {
        RealEsrganUpscaling engine = new RealEsrganUpscaling(host, "sr-absent", 4);
        assertThat(engine.availability().isAvailable()).isFalse();
        assertThatThrownBy(() -> engine.enhance(Image.create(8, 8, 3), 4, Progress.none()))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                    assertThat(e.getMessage()).contains("./atelier models pull sr-absent");
                });
    }
}
