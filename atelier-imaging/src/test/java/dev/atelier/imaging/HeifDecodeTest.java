package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.imaging.metrics.Metrics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HeifDecodeTest {
    private static final Image PHOTO = TestImages.photoLike(128, 96, 21);

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"HEIC", "AVIF"})
    void roundTripThroughLibheif(ImageFormat format) throws Throwable {
        byte[] file = HeifFixtures.encode(PHOTO, format, 90);
        assertThat(ImageFormat.sniff(file)).contains(format);
        assertThat(Codecs.probe(file)).isEqualTo(new ImageInfo(format, 128, 96, false));
        Image img = Codecs.decode(file, DecodeLimits.defaults());
        assertThat(img.channels()).isEqualTo(3);
        assertThat(Metrics.psnr(PHOTO, img)).isGreaterThan(32);
    }

    @Test
    void avifAlphaIsKept() throws Throwable {
        Image rgba = TestImages.withRadialAlpha(PHOTO);
        byte[] file = HeifFixtures.encode(rgba, ImageFormat.AVIF, 90);
        assertThat(Codecs.probe(file).hasAlpha()).isTrue();
        Image img = Codecs.decode(file, DecodeLimits.defaults());
        assertThat(img.channels()).isEqualTo(4);
        assertThat(Metrics.psnr(Image.wrap(128, 96, rgba.plane(3)), Image.wrap(128, 96, img.plane(3)))).isGreaterThan(30);
    }

    @Test
    void sizeIsCheckedBeforeDecoding() throws Throwable {
        byte[] file = HeifFixtures.encode(PHOTO, ImageFormat.HEIC, 80);
        assertThatThrownBy(() -> Codecs.decode(file, new DecodeLimits(128 * 96 - 1, 1 << 20)))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.TOO_MANY_PIXELS));
    }

    @Test
    void truncatedHeicIsCorrupt() throws Throwable {
        byte[] file = HeifFixtures.encode(PHOTO, ImageFormat.HEIC, 80);
        for (int length : new int[] {40, file.length / 3, file.length - 10}) {
            assertThatThrownBy(() -> Codecs.decode(Arrays.copyOf(file, length), DecodeLimits.defaults()))
                    .isInstanceOfSatisfying(ImagingException.class,
                            e -> assertThat(e.error()).isEqualTo(ImagingError.CORRUPT));
        }
    }

    @Test
    void damagedHeifFailsOnlyWithImagingException() throws Throwable {
        byte[] file = HeifFixtures.encode(PHOTO, ImageFormat.AVIF, 70);
        long seed = new java.util.SplittableRandom().nextLong();
        System.out.println("damage seed: " + seed);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int round = 0; round < 40; round++) {
            byte[] d = file.clone();
            for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                d[rnd.nextBoolean() ? rnd.nextInt(Math.min(400, d.length)) : rnd.nextInt(d.length)] = (byte) rnd.nextInt(256);
            }
            try {
                Codecs.decode(d, new DecodeLimits(1_000_000, 1 << 20));
            } catch (ImagingException e) {
                assertThat(e.error()).isIn(ImagingError.CORRUPT, ImagingError.UNSUPPORTED_FORMAT, ImagingError.TOO_MANY_PIXELS);
            }
        }
    }

    @Test
    void missingLibheifNamesTheDebianPackage() {
        assertThatThrownBy(() -> new HeifDecoder("libheif-not-installed.so.9"))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.NATIVE_LIBRARY_MISSING))
                .hasMessageContaining("apt-get install libheif1");
    }
}
