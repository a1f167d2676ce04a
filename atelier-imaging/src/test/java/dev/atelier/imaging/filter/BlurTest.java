package dev.atelier.imaging.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlurTest {

    private static float[] exactGaussian(float[] p, int w, int h, double sigma) {
        float[] k = Blur.kernel(sigma);
        int r = k.length / 2;
        float[] tmp = new float[p.length];
        float[] out = new float[p.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int d = -r; d <= r; d++) {
                    s += k[d + r] * p[y * w + Math.clamp(x + d, 0, w - 1)];
                }
                tmp[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int d = -r; d <= r; d++) {
                    s += k[d + r] * tmp[Math.clamp(y + d, 0, h - 1) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    @Test
    void wideBlurByThreeBoxesStaysCloseToTheExactGaussianAwayFromBorders() {
        int w = 320;
        int h = 260;
        long seed = 99;
        System.out.println("seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] p = new float[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat();
        }
        for (double sigma : new double[] {7, 12, 20}) {
            float[] exact = exactGaussian(p, w, h, sigma);
            float[] fast = Blur.gaussian(p, w, h, sigma);
            // Away from the borders (where repeated clamping differs from one clamp) the two agree closely.
            int b = (int) Math.ceil(3 * sigma);
            double maxError = 0;
            for (int y = b; y < h - b; y++) {
                for (int x = b; x < w - b; x++) {
                    maxError = Math.max(maxError, Math.abs(exact[y * w + x] - fast[y * w + x]));
                }
            }
            assertThat(maxError).as("sigma %s", sigma).isLessThan(0.005);
        }
    }

    @Test
    void blurPreservesAFlatPlaneAndItsMean() {
        float[] flat = new float[50 * 40];
        java.util.Arrays.fill(flat, 0.3f);
        for (double sigma : new double[] {0.8, 3, 15}) {
            for (float v : Blur.gaussian(flat, 50, 40, sigma)) {
                assertThat(v).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }
}
