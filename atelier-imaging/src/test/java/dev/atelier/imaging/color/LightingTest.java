package dev.atelier.imaging.color;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Photos;
import dev.atelier.imaging.Srgb;
import dev.atelier.imaging.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LightingTest {

    static Image underexposed(Image img, float factor) {
        Image out = img.copy();
        for (int c = 0; c < 3; c++) {
            float[] p = out.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = Srgb.toEncoded(Srgb.toLinear(p[i]) * factor);
            }
        }
        return out;
    }

    static double mean(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s / p.length;
    }

    /** Mean absolute difference between neighbours: a simple measure of visible local contrast. */
    static double localContrast(float[] p, int w, int h) {
        double s = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 1; x < w; x++) {
                s += Math.abs(p[y * w + x] - p[y * w + x - 1]);
            }
        }
        return s / ((double) (w - 1) * h);
    }

    @ParameterizedTest
    @ValueSource(strings = {"coffee.png", "astronaut.png", "building.jpg", "home.jpg"})
    void underexposedPhotoIsBrightenedWithMoreLocalContrast(String name) {
        Image photo = Photos.loadRgb(name);
        Image dark = underexposed(photo, 0.2f);
        Image lit = Lighting.apply(dark);
        float[] before = Metrics.luma(dark);
        float[] after = Metrics.luma(lit);
        System.out.printf("%s: mean luma %.3f -> %.3f, local contrast %.4f -> %.4f, PSNR to original %.2f -> %.2f dB%n",
                name, mean(before), mean(after), localContrast(before, dark.width(), dark.height()),
                localContrast(after, lit.width(), lit.height()), Metrics.psnr(photo, dark), Metrics.psnr(photo, lit));
        assertThat(mean(after)).isGreaterThan(mean(before) + 0.08);
        assertThat(localContrast(after, lit.width(), lit.height()))
                .isGreaterThan(1.2 * localContrast(before, dark.width(), dark.height()));
        assertThat(Metrics.psnr(photo, lit)).isGreaterThan(Metrics.psnr(photo, dark));
    }

    @Test
    void wellExposedPhotoIsOnlyGentlyChanged() {
        Image photo = Photos.loadRgb("chelsea.png");
        Image lit = Lighting.apply(photo);
        assertThat(Metrics.ssim(photo, lit)).isGreaterThan(0.8);
    }

    /** Shadow texture is hard to see; after lighting, its amplitude grows while a white area stays white. */
    @Test
    void shadowDetailIsLiftedAndWhiteStaysWhite() {
        int w = 128;
        int h = 64;
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = x < w / 2 ? 0.08f + 0.03f * (float) Math.sin(x * 1.3) * (float) Math.sin(y * 0.9) : 1f;
                for (int c = 0; c < 3; c++) {
                    img.set(c, x, y, v);
                }
            }
        }
        Image out = Lighting.apply(img);
        double amplitudeBefore = 0;
        double amplitudeAfter = 0;
        for (int y = 8; y < h - 8; y++) {
            for (int x = 8; x < w / 2 - 8; x++) {
                amplitudeBefore += Math.abs(img.get(1, x, y) - img.get(1, x - 1, y));
                amplitudeAfter += Math.abs(out.get(1, x, y) - out.get(1, x - 1, y));
            }
        }
        assertThat(amplitudeAfter).isGreaterThan(1.5 * amplitudeBefore);
        assertThat(out.get(1, w - 4, h / 2)).isGreaterThan(0.97f);
        assertThat(out.get(1, 20, h / 2)).isLessThan(0.6f); // lifted, not washed out
    }

    /** CLAHE raises the local contrast (slope) of a low-contrast ramp, by at most about its clip limit. */
    @Test
    void claheStretchesLowContrastBoundedByTheClipLimit() {
        int w = 256;
        int h = 256;
        float[] plane = new float[w * h];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = 0.45f + 0.1f * ((i % w) / (float) w);
        }
        double slope = localContrast(plane, w, h);
        assertThat(localContrast(Lighting.clahe(plane, w, h, 4.0), w, h) / slope).isBetween(1.5, 4.5);
        assertThat(localContrast(Lighting.clahe(plane, w, h, 1.0), w, h) / slope).isLessThan(1.3);
    }
}
