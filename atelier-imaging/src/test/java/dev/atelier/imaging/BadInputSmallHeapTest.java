package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance list's damaged files, decoded in the 64 MiB JVM (the surefire "small-heap" execution): each gets its
 * documented error and none exhausts memory, on both JPEG paths (libjpeg-turbo, and ImageIO behind it).
 */
class BadInputSmallHeapTest {
    private static byte[] jpeg;
    private static byte[] png;

    @BeforeAll
    static void onlyInTheSmallHeapExecution() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("atelier.smallHeap"),
                "runs in the surefire 'small-heap' execution (-Xmx64m), not in the default JVM");
        Image photo = TestImages.photoLike(1000, 750, 17);
        jpeg = Codecs.encode(photo, ImageFormat.JPEG, 85);
        png = Codecs.encode(photo, ImageFormat.PNG, 100);
    }

    private static void assertFails(byte[] data, ImagingError expected) {
        assertThatThrownBy(() -> Codecs.decode(data, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(ImagingException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    @Test
    void truncatedJpegIsCorrupt() {
        assertFails(Arrays.copyOf(jpeg, jpeg.length / 2), ImagingError.CORRUPT);
        assertThatThrownBy(() -> Codecs.decodeForSize(Arrays.copyOf(jpeg, jpeg.length - 10), DecodeLimits.defaults(),
                256, 192)).isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.CORRUPT));
    }

    @Test
    void pngWithBadCrcIsCorrupt() {
        byte[] damaged = png.clone();
        damaged[damaged.length / 2] ^= 0x55;
        assertFails(damaged, ImagingError.CORRUPT);
    }

    @Test
    void zeroByteFileIsCorrupt() {
        assertFails(new byte[0], ImagingError.CORRUPT);
    }

    @Test
    void textFileRenamedJpgIsUnsupported() {
        assertFails("not a picture, renamed photo.jpg\n".repeat(1000).getBytes(StandardCharsets.UTF_8),
                ImagingError.UNSUPPORTED_FORMAT);
    }
}
