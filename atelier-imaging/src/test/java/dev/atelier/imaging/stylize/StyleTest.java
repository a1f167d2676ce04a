package dev.atelier.imaging.stylize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Photos;
import dev.atelier.imaging.metrics.Metrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StyleTest {
    private static final long SEED = 20261122L;

    /** A dark square on a light background, both with seeded noise (σ ≈ 0.05). */
    static Image noisySquare(int size) {
        System.out.println("noise seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED);
        Image img = Image.create(size, size, 3);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = x >= size / 4 && x < 3 * size / 4 && y >= size / 4 && y < 3 * size / 4;
                float base = inside ? 0.25f : 0.75f;
                float n = (float) (rnd.nextGaussian() * 0.05);
                for (int c = 0; c < 3; c++) {
                    img.set(c, x, y, Math.clamp(base + n + (c == 0 ? 0.05f : 0), 0f, 1f));
                }
            }
        }
        return img;
    }

    static double flatNoise(Image img, int x0, int y0, int size) {
        double mean = 0;
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                mean += img.get(1, x, y);
            }
        }
        mean /= size * size;
        double var = 0;
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                double d = img.get(1, x, y) - mean;
                var += d * d;
            }
        }
        return Math.sqrt(var / (size * size));
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void everyStyleKeepsSizeRangeAndIsDeterministic(Style style) {
        Image src = noisySquare(96);
        Image a = style.apply(src);
        Image b = style.apply(src);
        assertThat(a.width()).isEqualTo(96);
        assertThat(a.height()).isEqualTo(96);
        assertThat(a.channels()).isEqualTo(3);
        for (int c = 0; c < 3; c++) {
            for (float v : a.plane(c)) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(a.plane(c)).containsExactly(b.plane(c));
        }
    }

    /** Kuwahara: noise in flat areas is removed, but the edge stays as sharp as in the source. */
    @Test
    void oilPaintingSmoothsFlatAreasButKeepsEdgesSharp() {
        Image src = noisySquare(128);
        Image out = Style.OIL_PAINTING.apply(src);
        assertThat(flatNoise(out, 40, 40, 40)).isLessThan(0.3 * flatNoise(src, 40, 40, 40));
        assertThat(flatNoise(out, 2, 2, 20)).isLessThan(0.3 * flatNoise(src, 2, 2, 20));
        // Edge at x = 32 on row 64: within two pixels the green channel must cross most of the step.
        float outside = out.get(1, 29, 64);
        float inside = out.get(1, 34, 64);
        assertThat(outside - inside).isGreaterThan(0.4f);
    }

    @Test
    void cartoonFlattensRegionsAndDrawsOutlines() {
        Image src = noisySquare(128);
        Image out = Style.CARTOON.apply(src);
        assertThat(flatNoise(out, 40, 40, 40)).isLessThan(0.3 * flatNoise(src, 40, 40, 40));
        // The outline: along the square's border the picture is darker than on the dark square itself.
        float border = Math.min(out.get(1, 31, 64), Math.min(out.get(1, 32, 64), out.get(1, 33, 64)));
        assertThat(border).isLessThan(out.get(1, 64, 64));
    }

    @Test
    void pencilSketchIsGreyMostlyPaperWithDarkContours() {
        Image src = noisySquare(128);
        Image out = Style.PENCIL_SKETCH.apply(src);
        double sum = 0;
        for (int i = 0; i < 128 * 128; i++) {
            assertThat(out.plane(0)[i]).isEqualTo(out.plane(1)[i]).isEqualTo(out.plane(2)[i]);
            sum += out.plane(0)[i];
        }
        assertThat(sum / (128 * 128)).isGreaterThan(0.6);
        float contour = Math.min(out.get(0, 31, 64), Math.min(out.get(0, 32, 64), out.get(0, 33, 64)));
        assertThat(contour).isLessThan(0.6f);
    }

    @Test
    void watercolourDarkensEdgesOfWashes() {
        Image src = noisySquare(128);
        Image out = Style.WATERCOLOUR.apply(src);
        // Pigment gathers at the edge of the dark wash: darker there than in its middle.
        float edge = Math.min(out.get(1, 32, 64), out.get(1, 33, 64));
        assertThat(edge).isLessThan(out.get(1, 64, 64));
        assertThat(flatNoise(out, 40, 40, 40)).isLessThan(flatNoise(src, 40, 40, 40));
    }

    /** On real photos each style keeps the picture recognisable (structure) while clearly changing it. */
    @ParameterizedTest
    @EnumSource(Style.class)
    void realPhotosStayRecognisable(Style style) {
        Image photo = Photos.loadRgb("astronaut.png");
        Image out = style.apply(photo);
        double ssim = Metrics.ssim(photo, out);
        System.out.printf("%s on astronaut: SSIM %.3f, PSNR %.2f dB%n", style, ssim, Metrics.psnr(photo, out));
        assertThat(ssim).isBetween(0.2, 0.97);
    }
}
