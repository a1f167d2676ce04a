package dev.atelier.imaging.composite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.Lab;
import dev.atelier.imaging.metrics.Metrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PyramidBlendTest {
    private static Image noise(long seed, int w, int h) {
        System.out.println("PyramidBlendTest seed " + seed);
        Random r = new Random(seed);
        Image img = Image.create(w, h, 3);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                img.plane(c)[i] = r.nextFloat();
            }
        }
        return img;
    }

    @Test
    void fullMasksGiveEitherPictureAndAHalfMaskKeepsEachSideFarFromTheSeam() {
        Image a = noise(1, 97, 61);
        Image b = noise(2, 97, 61);
        float[] ones = new float[97 * 61];
        java.util.Arrays.fill(ones, 1f);
        assertThat(Metrics.psnr(PyramidBlend.blend(a, b, ones, 5), a)).isGreaterThan(60);
        assertThat(Metrics.psnr(PyramidBlend.blend(a, b, new float[97 * 61], 5), b)).isGreaterThan(60);
        float[] left = new float[97 * 61];
        Image leftSide = Image.create(97, 61, 1);
        Image rightSide = Image.create(97, 61, 1);
        for (int y = 0; y < 61; y++) {
            for (int x = 0; x < 97; x++) {
                left[y * 97 + x] = x < 48 ? 1 : 0;
                leftSide.plane(0)[y * 97 + x] = x < 20 ? 1 : 0;
                rightSide.plane(0)[y * 97 + x] = x > 77 ? 1 : 0;
            }
        }
        Image mixed = PyramidBlend.blend(a, b, left, 3);
        assertThat(Metrics.psnr(mixed, a, leftSide)).isGreaterThan(35);
        assertThat(Metrics.psnr(mixed, b, rightSide)).isGreaterThan(35);
    }

    @Test
    void labRoundTripIsLossless() {
        Image a = noise(3, 40, 30);
        Image back = Lab.toImage(Lab.fromImage(a), 40, 30);
        assertThat(Metrics.psnr(a, back)).isGreaterThan(50);
    }
}
