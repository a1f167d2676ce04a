package dev.atelier.imaging.inpaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import dev.atelier.imaging.Photos;
import dev.atelier.imaging.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InpaintTest {

    static Image squareMask(int w, int h, int x0, int y0, int size) {
        Image mask = Image.create(w, h, 1);
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                mask.set(0, x, y, 1f);
            }
        }
        return mask;
    }

    /** Diffusion from the border: the smooth baseline an exemplar method must beat on texture. */
    static Image diffusionFill(Image src, Image mask) {
        Level level = new Level(src.width(), src.height(), src.channels(), 3, interleave(src), holes(mask), null);
        level.fillByDiffusion();
        Image out = src.copy();
        for (int i = 0; i < src.width() * src.height(); i++) {
            for (int c = 0; c < src.channels(); c++) {
                out.plane(c)[i] = level.pixels[i * src.channels() + c];
            }
        }
        return out;
    }

    private static float[] interleave(Image img) {
        int n = img.width() * img.height();
        float[] p = new float[n * img.channels()];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < img.channels(); c++) {
                p[i * img.channels() + c] = img.plane(c)[i];
            }
        }
        return p;
    }

    private static boolean[] holes(Image mask) {
        boolean[] h = new boolean[mask.width() * mask.height()];
        for (int i = 0; i < h.length; i++) {
            h[i] = mask.plane(0)[i] > 0.5f;
        }
        return h;
    }

    /** A periodic colour texture is continued exactly by copying patches; diffusion can only blur it. */
    @Test
    void periodicTextureIsReconstructedInsideTheHole() {
        int w = 160;
        int h = 120;
        Image tex = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = Math.sin(2 * Math.PI * x / 9.0);
                double b = Math.sin(2 * Math.PI * (x + 2 * y) / 13.0);
                tex.set(0, x, y, (float) (0.5 + 0.3 * a));
                tex.set(1, x, y, (float) (0.5 + 0.3 * b));
                tex.set(2, x, y, (float) (0.5 + 0.15 * (a + b)));
            }
        }
        Image mask = squareMask(w, h, 60, 40, 36);
        Image filled = Inpaint.inpaint(tex, mask);
        double psnr = Metrics.psnr(tex, filled, mask);
        double baseline = Metrics.psnr(tex, diffusionFill(tex, mask), mask);
        System.out.printf("periodic texture: inpaint %.2f dB, diffusion %.2f dB%n", psnr, baseline);
        assertThat(psnr).isGreaterThan(30).isGreaterThan(baseline + 10);
    }

    @Test
    void knownPixelsAreNeverChanged() {
        Image src = dev.atelier.imaging.TestImages.photoLike(90, 70, 4);
        Image mask = squareMask(90, 70, 30, 20, 20);
        Image out = Inpaint.inpaint(src, mask);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 90 * 70; i++) {
                if (mask.plane(0)[i] <= 0.5f) {
                    assertThat(out.plane(c)[i]).isEqualTo(src.plane(c)[i]);
                }
            }
        }
        assertThat(Inpaint.inpaint(src, mask).plane(1)).containsExactly(out.plane(1)); // deterministic per seed
    }

    @Test
    void emptyMaskReturnsACopy() {
        Image src = dev.atelier.imaging.TestImages.photoLike(40, 30, 4);
        Image out = Inpaint.inpaint(src, Image.create(40, 30, 1));
        assertThat(out.plane(0)).containsExactly(src.plane(0));
    }

    @Test
    void maskOfAnotherSizeIsASizeMismatch() {
        Image src = Image.create(40, 30, 3);
        assertThatThrownBy(() -> Inpaint.inpaint(src, Image.create(41, 30, 1)))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.SIZE_MISMATCH));
    }

    @Test
    void maskCoveringEverythingIsRefused() {
        Image src = Image.create(40, 30, 3);
        Image mask = Image.create(40, 30, 1);
        java.util.Arrays.fill(mask.plane(0), 1f);
        assertThatThrownBy(() -> Inpaint.inpaint(src, mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no intact");
    }

    /**
     * Holes cut from textured regions of real photos are filled back; floors are stated per photo (measured on
     * this implementation, about 1 dB of margin) and the fill must stay structurally similar to the truth.
     */
    @ParameterizedTest(name = "{0}: {4}px hole at {2},{3}")
    @CsvSource({
        "brick.png,     23.0, 200, 200, 40",
        "grass.png,     15.0, 240, 120, 32",
        "baboon.jpg,    18.5, 200, 380, 32",
        "coffee.png,    16.0, 60, 300, 32",
        "astronaut.png, 34.5, 380, 420, 32",
    })
    void holesInRealPhotosAreFilledAboveAFloor(String name, double floor, int x, int y, int size) {
        Image photo = Photos.loadRgb(name);
        Image mask = squareMask(photo.width(), photo.height(), x, y, size);
        Image filled = Inpaint.inpaint(photo, mask);
        double psnr = Metrics.psnr(photo, filled, mask);
        double blur = Metrics.psnr(photo, diffusionFill(photo, mask), mask);
        System.out.printf("%s: inpaint %.2f dB (diffusion %.2f dB)%n", name, psnr, blur);
        assertThat(psnr).isGreaterThan(floor);
    }
}
