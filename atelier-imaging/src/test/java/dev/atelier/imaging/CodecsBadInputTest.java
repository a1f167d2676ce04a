package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecsBadInputTest {
    private static final Image PHOTO = TestImages.photoLike(96, 64, 7);

    private static void assertFails(byte[] data, ImagingError expected) {
        assertThatThrownBy(() -> Codecs.decode(data, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(ImagingException.class, e -> assertThat(e.error()).isEqualTo(expected))
                .hasMessageNotContaining("null");
    }

    @Test
    void zeroByteFileIsCorrupt() {
        assertFails(new byte[0], ImagingError.CORRUPT);
        assertThatThrownBy(() -> Codecs.probe(new byte[0])).isInstanceOf(ImagingException.class);
    }

    @Test
    void textFileNamedJpgIsUnsupported() {
        byte[] text = "This is a README, renamed photo.jpg by mistake.\n".getBytes(StandardCharsets.UTF_8);
        assertFails(text, ImagingError.UNSUPPORTED_FORMAT);
    }

    @Test
    void truncatedJpegIsCorrupt() {
        byte[] jpeg = Codecs.encode(PHOTO, ImageFormat.JPEG, 90);
        assertFails(Arrays.copyOf(jpeg, jpeg.length / 2), ImagingError.CORRUPT);
        assertFails(Arrays.copyOf(jpeg, 3), ImagingError.CORRUPT);
        assertFails(Arrays.copyOf(jpeg, 200), ImagingError.CORRUPT);
    }

    @Test
    void truncatedPngIsCorrupt() {
        byte[] png = Codecs.encode(PHOTO, ImageFormat.PNG, 100);
        assertFails(Arrays.copyOf(png, png.length - 20), ImagingError.CORRUPT);
        assertFails(Arrays.copyOf(png, 8), ImagingError.CORRUPT);
    }

    @Test
    void pngWithBadCrcIsCorrupt() {
        byte[] png = Codecs.encode(PHOTO, ImageFormat.PNG, 100);
        byte[] damaged = png.clone();
        damaged[png.length / 2] ^= 0x55; // inside IDAT: the chunk CRC no longer matches
        assertFails(damaged, ImagingError.CORRUPT);
        assertThatThrownBy(() -> Codecs.decode(damaged, DecodeLimits.defaults())).hasMessageContaining("CRC");
    }

    @Test
    void fileOverTheByteLimitIsRefusedBeforeParsing() {
        byte[] png = Codecs.encode(PHOTO, ImageFormat.PNG, 100);
        assertThatThrownBy(() -> Codecs.decode(png, new DecodeLimits(1_000_000, png.length - 1)))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.TOO_MANY_BYTES));
    }

    @Test
    void pictureOverThePixelLimitIsRefused() {
        byte[] jpeg = Codecs.encode(PHOTO, ImageFormat.JPEG, 90);
        assertThatThrownBy(() -> Codecs.decode(jpeg, new DecodeLimits(96 * 64 - 1, 1 << 20)))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.TOO_MANY_PIXELS));
    }

    enum Source { JPEG, PNG, WEBP, GIF, BMP, TIFF }

    /** Damaged files of every format: each decode either succeeds or fails with an ImagingException, nothing else. */
    @ParameterizedTest
    @EnumSource(Source.class)
    void randomlyDamagedFilesFailOnlyWithImagingException(Source source) {
        byte[] valid = switch (source) {
            case JPEG -> Codecs.encode(PHOTO, ImageFormat.JPEG, 85);
            case PNG -> Codecs.encode(PHOTO, ImageFormat.PNG, 100);
            case WEBP -> {
                NeedsNative.webp();
                yield Codecs.encode(PHOTO, ImageFormat.WEBP, 85);
            }
            case GIF -> TestImages.imageIo(TestImages.toBufferedImage(PHOTO), "gif");
            case BMP -> TestImages.imageIo(TestImages.toBufferedImage(PHOTO), "bmp");
            case TIFF -> TestImages.imageIo(TestImages.toBufferedImage(PHOTO), "tiff");
        };
        long seed = new SplittableRandom().nextLong();
        System.out.println("damage seed for " + source + ": " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        DecodeLimits limits = new DecodeLimits(4_000_000, 1 << 20);
        for (int round = 0; round < 60; round++) {
            byte[] damaged = switch (round % 3) {
                case 0 -> Arrays.copyOf(valid, 1 + rnd.nextInt(valid.length - 1));
                default -> {
                    byte[] d = valid.clone();
                    int flips = 1 + rnd.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        // Damage headers more often than pixel data: that is where parsers break.
                        int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(64, d.length)) : rnd.nextInt(d.length);
                        d[at] = (byte) rnd.nextInt(256);
                    }
                    yield d;
                }
            };
            try {
                Image img = Codecs.decode(damaged, limits);
                assertThat(img.pixelCount()).isLessThanOrEqualTo(limits.maxPixels());
            } catch (ImagingException e) {
                assertThat(List.of(ImagingError.CORRUPT, ImagingError.UNSUPPORTED_FORMAT, ImagingError.TOO_MANY_PIXELS))
                        .contains(e.error());
            }
        }
    }
}
