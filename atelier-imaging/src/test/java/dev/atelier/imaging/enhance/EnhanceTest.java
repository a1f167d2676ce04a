package dev.atelier.imaging.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Photos;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.Srgb;
import dev.atelier.imaging.TestImages;
import dev.atelier.imaging.metrics.Metrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnhanceTest {

    @Test
    void scaleTwoDoublesBothSidesAndKeepsAlpha() {
        Image src = TestImages.withRadialAlpha(TestImages.photoLike(60, 40, 5));
        Image out = Enhance.enhance(src, 2);
        assertThat(out.width()).isEqualTo(120);
        assertThat(out.height()).isEqualTo(80);
        assertThat(out.channels()).isEqualTo(4);
        assertThat(Enhance.enhance(src, 4).width()).isEqualTo(240);
        assertThat(Enhance.enhance(src, 1).width()).isEqualTo(60);
        assertThat(Enhance.enhance(Image.create(9, 7, 1), 2).channels()).isEqualTo(1);
    }

    @Test
    void rejectsUnsupportedScale() {
        Image src = Image.create(8, 8, 3);
        assertThatThrownBy(() -> Enhance.enhance(src, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Bands only bound the working memory: with 16-row bands (the least, so every band edge is exercised) the result
     * is that of one band over the whole picture, at every scale, and ×1 in place equals ×1 into a new picture.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void bandsGiveTheWholePicturesResult(int scale) {
        Image src = withNoise(TestImages.photoLike(70, 150, 3), 0.03, 99);
        Image whole = Enhance.enhance(src, scale, Enhance.Settings.defaults(), false, 10_000);
        Image banded = Enhance.enhance(src, scale, Enhance.Settings.defaults(), false, Enhance.MARGIN_ROWS);
        assertThat(maxDifference(whole, banded)).as("x%d banded vs whole", scale).isLessThan(1e-5);
        if (scale == 1) {
            Image copy = src.copy();
            Image inPlace = Enhance.enhance(copy, 1, Enhance.Settings.defaults(), true, Enhance.MARGIN_ROWS);
            assertThat(inPlace).isSameAs(copy);
            assertThat(maxDifference(whole, inPlace)).as("in place vs whole").isLessThan(1e-5);
            assertThat(maxDifference(whole, src)).as("the picture changed").isGreaterThan(0.01);
        }
    }

    private static double maxDifference(Image a, Image b) {
        assertThat(b.width()).isEqualTo(a.width());
        assertThat(b.height()).isEqualTo(a.height());
        double max = 0;
        for (int c = 0; c < a.channels(); c++) {
            float[] p = a.plane(c);
            float[] q = b.plane(c);
            for (int i = 0; i < p.length; i++) {
                max = Math.max(max, Math.abs(p[i] - q[i]));
            }
        }
        return max;
    }

    static Image withNoise(Image img, double sigma, long seed) {
        System.out.println("noise seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Image out = img.copy();
        for (int c = 0; c < out.channels(); c++) {
            float[] p = out.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) Math.clamp(p[i] + rnd.nextGaussian() * sigma, 0, 1);
            }
        }
        return out;
    }

    @Test
    void noiseEstimateIsCloseToTheTruth() {
        Image clean = TestImages.photoLike(256, 256, 8);
        for (double sigma : new double[] {0.01, 0.03, 0.06}) {
            Image noisy = withNoise(clean, sigma, 77);
            double estimate = Denoise.estimateNoise(new float[][] {noisy.plane(1)}, 256, 256);
            assertThat(estimate).isBetween(0.8 * sigma, 1.25 * sigma);
        }
    }

    /** At scale 1, a noisy photo comes out closer to the clean one than it went in. */
    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "coffee.png"})
    void denoisingBringsANoisyPhotoCloserToTheClean(String name) {
        Image clean = Photos.loadRgb(name);
        Image noisy = withNoise(clean, 0.04, 1234);
        Image out = Enhance.enhance(noisy, 1);
        double before = Metrics.psnr(clean, noisy);
        double after = Metrics.psnr(clean, out);
        System.out.printf("%s: noisy %.2f dB -> enhanced %.2f dB; SSIM %.3f -> %.3f%n", name, before, after,
                Metrics.ssim(clean, noisy), Metrics.ssim(clean, out));
        assertThat(after).isGreaterThan(before + 3);
        assertThat(Metrics.ssim(clean, out)).isGreaterThan(Metrics.ssim(clean, noisy));
    }

    /** Diagonal edges: edge-directed enlargement follows them where a separable kernel leaves a staircase. */
    @Test
    void edgeDirectedEnlargementBeatsSeparableCubicOnDiagonalEdges() {
        int n = 192;
        Image truth = Image.create(n, n, 1);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                // Anti-aliased stripes at 30°: supersampled coverage.
                double s = 0;
                for (int k = 0; k < 16; k++) {
                    double px = x + (k % 4 + 0.5) / 4;
                    double py = y + (k / 4 + 0.5) / 4;
                    s += Math.sin((px * Math.sin(0.52) + py * Math.cos(0.52)) * 2 * Math.PI / 24) > 0 ? 1 : 0;
                }
                truth.set(0, x, y, (float) (0.2 + 0.6 * s / 16));
            }
        }
        Image small = Resample.resize(truth, n / 2, n / 2, Resample.Kernel.BILINEAR);
        float[][] big = EdgeDirected.enlarge(new float[][] {small.plane(0)}, small.plane(0), n / 2, n / 2);
        Image directed = Image.wrap(n, n, EdgeDirected.recentre(big[0], n, n));
        Image separable = Resample.resize(small, n, n, Resample.Kernel.MITCHELL);
        Image crop = border(truth, 6);
        double dcci = Metrics.psnr(crop, border(directed, 6));
        double cubic = Metrics.psnr(crop, border(separable, 6));
        System.out.printf("diagonal stripes ×2: edge-directed %.2f dB, Mitchell %.2f dB%n", dcci, cubic);
        assertThat(dcci).isGreaterThan(cubic);
    }

    private static Image border(Image img, int b) {
        int w = img.width() - 2 * b;
        int h = img.height() - 2 * b;
        Image out = Image.create(w, h, img.channels());
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(img.plane(c), (y + b) * img.width() + b, out.plane(c), y * w, w);
            }
        }
        return out;
    }

    /**
     * A photo halved then enhanced ×2 stays faithful to the original and is crisper than a plain enlargement. Auto
     * contrast is off here: it deliberately changes tones, which this comparison with the original would count as
     * error (it has its own test).
     */
    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "fruits.jpg", "building.jpg"})
    void realPhotoEnlargementIsFaithfulAndCrisp(String name) {
        Image original = Photos.loadRgb(name);
        int w = original.width() / 2 * 2;
        int h = original.height() / 2 * 2;
        original = Resample.resize(original, w, h, Resample.Kernel.LANCZOS3);
        Image small = Resample.resize(original, w / 2, h / 2, Resample.Kernel.LANCZOS3);
        Image enhanced = Enhance.enhance(small, 2, new Enhance.Settings(true, 0.6, false));
        Image plain = Resample.resize(small, w, h, Resample.Kernel.LANCZOS3);
        double sharpEnhanced = gradientEnergy(enhanced);
        double sharpPlain = gradientEnergy(plain);
        System.out.printf("%s ×2: enhanced %.2f dB / SSIM %.3f / gradient %.4f; Lanczos %.2f dB / SSIM %.3f / gradient %.4f; original gradient %.4f%n",
                name, Metrics.psnr(original, enhanced), Metrics.ssim(original, enhanced), sharpEnhanced,
                Metrics.psnr(original, plain), Metrics.ssim(original, plain), sharpPlain, gradientEnergy(original));
        assertThat(Metrics.psnr(original, enhanced)).isGreaterThan(Metrics.psnr(original, plain) - 1.5);
        assertThat(Metrics.ssim(original, enhanced)).isGreaterThan(0.8);
        assertThat(sharpEnhanced).isGreaterThan(sharpPlain);
    }

    static double gradientEnergy(Image img) {
        float[] y = Metrics.luma(img);
        int w = img.width();
        double s = 0;
        for (int i = 1; i < y.length; i++) {
            if (i % w != 0) {
                s += Math.abs(y[i] - y[i - 1]);
            }
        }
        return s / y.length;
    }

    @Test
    void autoContrastStretchesAFlatPictureButLeavesAFullRangeOneAlone() {
        Image flat = TestImages.photoLike(64, 64, 3);
        for (int c = 0; c < 3; c++) {
            float[] p = flat.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = 0.35f + 0.3f * p[i];
            }
        }
        Image out = Enhance.enhance(flat, 1);
        assertThat(spread(out)).isGreaterThan(spread(flat) * 1.05);
        assertThat(Srgb.toLinear(0.5f)).isPositive();
    }

    private static double spread(Image img) {
        float[] y = Metrics.luma(img);
        float min = 1, max = 0;
        for (float v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }
}
