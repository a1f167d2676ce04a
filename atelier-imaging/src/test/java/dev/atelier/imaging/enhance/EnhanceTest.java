package dev.atelier.imaging.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.TestImages;
import dev.atelier.imaging.metrics.Metrics;
import org.junit.jupiter.api.Test;

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
    }

    /** Enhancing a downscaled photo back to full size must be closer to the original than plain enlargement's blur. */
    @Test
    void upscaledResultIsFaithfulToTheOriginal() {
        Image original = TestImages.photoLike(240, 160, 9);
        Image small = Resample.resize(original, 120, 80, Resample.Kernel.LANCZOS3);
        Image enhanced = Enhance.enhance(small, 2);
        assertThat(Metrics.psnr(original, enhanced)).isGreaterThan(30);
        assertThat(Metrics.ssim(original, enhanced)).isGreaterThan(0.9);
    }

    @Test
    void rejectsUnsupportedScale() {
        Image src = Image.create(8, 8, 3);
        assertThatThrownBy(() -> Enhance.enhance(src, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
