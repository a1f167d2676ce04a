package dev.atelier.imaging.composite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import dev.atelier.imaging.Srgb;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MattingTest {
    private static final int W = 96;
    private static final int H = 64;

    /**
     * A red-orange subject with a soft left edge (alpha ramps over 24 px) over a textured green background, mixed in
     * linear light: the estimated foreground in the ramp must be the subject's colour, not the mix.
     */
    @Test
    void softEdgeCarriesTheSubjectColourNotTheBackgrounds() {
        long seed = 20261207L;
        System.out.println("seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] fg = {0.9f, 0.45f, 0.2f};
        Image alpha = Image.create(W, H, 1);
        Image src = Image.create(W, H, 3);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float a = Math.clamp((x - 36) / 24f, 0f, 1f);
                alpha.set(0, x, y, a);
                float[] bg = {0.1f * rnd.nextFloat(), 0.5f + 0.4f * rnd.nextFloat(), 0.1f * rnd.nextFloat()};
                for (int c = 0; c < 3; c++) {
                    float lin = a * Srgb.toLinear(fg[c]) + (1 - a) * Srgb.toLinear(bg[c]);
                    src.set(c, x, y, Srgb.toEncoded(lin));
                }
            }
        }
        Image f = Matting.foreground(src, alpha);
        double plain = 0;
        double estimated = 0;
        int n = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float a = alpha.get(0, x, y);
                if (a <= 0.1f || a >= 0.9f) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    plain += a * Math.abs(src.get(c, x, y) - fg[c]);
                    estimated += a * Math.abs(f.get(c, x, y) - fg[c]);
                }
                n += 3;
            }
        }
        plain /= n;
        estimated /= n;
        System.out.println("soft-edge colour error: source colours " + plain + ", estimated " + estimated);
        assertThat(plain).isGreaterThan(0.04);
        assertThat(estimated).isLessThan(0.25 * plain);
        // Solid subject pixels are the source's own.
        assertThat(f.get(0, W - 1, H / 2)).isEqualTo(src.get(0, W - 1, H / 2));
    }

    @Test
    void cutoutHasTheMatteAsAlphaAndWorksOnGrey() {
        Image grey = Image.create(8, 8, 1);
        java.util.Arrays.fill(grey.plane(0), 0.5f);
        Image alpha = Image.create(8, 8, 1);
        java.util.Arrays.fill(alpha.plane(0), 0.75f);
        Image cut = Matting.cutout(grey, alpha);
        assertThat(cut.channels()).isEqualTo(4);
        assertThat(cut.get(3, 3, 3)).isEqualTo(0.75f);
    }

    @Test
    void matteOfAnotherSizeIsASizeMismatch() {
        assertThatThrownBy(() -> Matting.foreground(Image.create(10, 10, 3), Image.create(10, 11, 1)))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.SIZE_MISMATCH));
    }
}
