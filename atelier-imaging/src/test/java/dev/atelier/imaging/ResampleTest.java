package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.atelier.imaging.Resample.Kernel;
import dev.atelier.imaging.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResampleTest {

    /** A 1-pixel black/white checkerboard averages to 50% light: encoded 0.735, not the 0.5 of gamma-space filters. */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void downscalingFineCheckerboardAveragesInLinearLight(Kernel kernel) {
        Image board = Image.create(256, 256, 1);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                board.set(0, x, y, (x + y) % 2);
            }
        }
        Image small = Resample.resize(board, 64, 64, kernel);
        float expected = (float) Srgb.toEncodedExact(0.5);
        for (int y = 2; y < 62; y++) {
            for (int x = 2; x < 62; x++) {
                assertThat(small.get(0, x, y)).isCloseTo(expected, offset(0.01f));
            }
        }
    }

    /** Symmetric normalised kernels reproduce a linear function: the ramp lands on its analytic pixel centres. */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void downscaledLinearLightRampMatchesAnalyticValues(Kernel kernel) {
        int w = 512;
        Image ramp = Image.create(w, 8, 3);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < w; x++) {
                float v = Srgb.toEncoded((x + 0.5f) / w);
                for (int c = 0; c < 3; c++) {
                    ramp.set(c, x, y, v);
                }
            }
        }
        Image small = Resample.resize(ramp, 128, 2, kernel);
        for (int x = 8; x < 120; x++) {
            float expectedLinear = (x + 0.5f) / 128;
            assertThat(Srgb.toLinear(small.get(1, x, 1))).isCloseTo(expectedLinear, offset(0.002f));
        }
    }

    /** Lanczos rings at a hard edge; the overshoot must stay a few percent, never grow with repeated scaling. */
    @Test
    void hardEdgeRingingStaysBounded() {
        Image step = Image.create(64, 16, 1);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 64; x++) {
                step.set(0, x, y, x < 32 ? 0.2f : 0.8f);
            }
        }
        Image up = Resample.resize(step, 256, 64, Kernel.LANCZOS3);
        Image upDown = Resample.resize(Resample.resize(up, 96, 24, Kernel.LANCZOS3), 256, 64, Kernel.LANCZOS3);
        for (Image img : new Image[] {up, upDown}) {
            float min = 1;
            float max = 0;
            for (float v : img.plane(0)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(min).isGreaterThan(0.2f - 0.06f);
            assertThat(max).isLessThan(0.8f + 0.04f);
        }
        Image mitchell = Resample.resize(step, 256, 64, Kernel.MITCHELL);
        for (float v : mitchell.plane(0)) {
            assertThat(v).isBetween(0.2f - 0.02f, 0.8f + 0.02f);
        }
    }

    /** Invisible pixels must not tint visible ones: alpha is premultiplied while filtering. */
    @Test
    void transparentPixelsDoNotBleedIntoOpaqueOnes() {
        Image img = Image.create(64, 64, 4);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean visible = x >= 32;
                img.set(0, x, y, visible ? 0 : 1); // hidden red
                img.set(1, x, y, visible ? 1 : 0); // visible green
                img.set(3, x, y, visible ? 1 : 0);
            }
        }
        Image small = Resample.resize(img, 21, 21, Kernel.LANCZOS3);
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 21; x++) {
                if (small.get(3, x, y) > 0.01f) {
                    assertThat(small.get(0, x, y)).as("red at %d,%d", x, y).isLessThan(0.01f);
                    assertThat(small.get(1, x, y)).as("green at %d,%d", x, y).isGreaterThan(0.95f);
                }
            }
        }
    }

    @Test
    void enlargingThenShrinkingBackKeepsThePicture() {
        Image photo = TestImages.photoLike(160, 120, 11);
        Image back = Resample.resize(Resample.resize(photo, 320, 240, Kernel.LANCZOS3), 160, 120, Kernel.LANCZOS3);
        assertThat(Metrics.psnr(photo, back)).isGreaterThan(40);
        assertThat(Metrics.ssim(photo, back)).isGreaterThan(0.98);
    }

    @Test
    void keepsChannelCountAndHandlesExtremeTargets() {
        Image grey = Image.create(40, 30, 1);
        assertThat(Resample.resize(grey, 7, 5, Kernel.MITCHELL).channels()).isEqualTo(1);
        Image rgba = TestImages.withRadialAlpha(TestImages.photoLike(40, 30, 1));
        Image one = Resample.resize(rgba, 1, 1, Kernel.LANCZOS3);
        assertThat(one.channels()).isEqualTo(4);
        assertThat(one.get(3, 0, 0)).isBetween(0f, 1f);
        Image wide = Resample.resize(rgba, 400, 3, Kernel.BILINEAR);
        assertThat(wide.width()).isEqualTo(400);
        assertThat(wide.height()).isEqualTo(3);
    }

    /**
     * Shrinking filters bands of rows vertically and then horizontally with the band's rows side by side (transposed);
     * that must give exactly what filtering each whole row in turn gives: the reference below does it row by row with
     * the scalar pass, on a seeded random picture whose height is not a multiple of the band.
     */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void bandedShrinkMatchesRowByRowFiltering(Kernel kernel) {
        long seed = 20261207L;
        System.out.println("seed " + seed);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int sw = 517;
        int sh = 389;
        Image source = Image.create(sw, sh, 3);
        for (int c = 0; c < 3; c++) {
            float[] p = source.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (i / sw + i % sw) % 37 < 18 ? (float) random.nextDouble() : (float) random.nextDouble(0.4, 0.6);
            }
        }
        for (int[] size : new int[][] {{263, 97}, {300, 250}, {513, 385}}) {
            int width = size[0];
            int height = size[1];
            Image out = Resample.resize(source, width, height, kernel);
            Resample.Taps horizontal = Resample.Taps.of(sw, width, kernel);
            Resample.Taps vertical = Resample.Taps.of(sh, height, kernel);
            float[] row = new float[sw];
            float[] lo = new float[sw];
            float[] hi = new float[sw];
            for (int c = 0; c < 3; c++) {
                float[] linear = new float[sw * sh];
                Srgb.toLinear(source.plane(c), 0, linear, 0, sw * sh);
                float[] expected = new float[width * height];
                for (int y = 0; y < height; y++) {
                    vertical.applyRows(linear, 0, sw, y, row, 0, lo, hi);
                    horizontal.apply(row, 0, expected, y * width);
                    Srgb.toEncodedFast(expected, y * width, width);
                }
                float[] actual = out.plane(c);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s %dx%d channel %d at (%d, %d)", kernel, width, height, c, i % width,
                            i / width).isEqualTo(expected[i], offset(1e-6f));
                }
            }
        }
    }
}
