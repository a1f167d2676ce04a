package dev.atelier.imaging.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Image;
import org.junit.jupiter.api.Test;

/** The encoder's colour conversion against the textbook limited-range values of BT.601 and BT.709. */
class YuvFramesTest {
    private static int[] convert(float r, float g, float b, boolean bt709) {
        Image img = Image.create(4, 2, 3);
        java.util.Arrays.fill(img.plane(0), r);
        java.util.Arrays.fill(img.plane(1), g);
        java.util.Arrays.fill(img.plane(2), b);
        byte[] y = new byte[6 * 2]; // strides wider than the picture, as FFmpeg's aligned frames have
        byte[] u = new byte[3];
        byte[] v = new byte[3];
        YuvFrames.toYuv420(img, bt709, y, 6, u, v, 3);
        assertThat(y[5]).as("padding untouched").isZero();
        return new int[] {y[7] & 0xff, u[1] & 0xff, v[1] & 0xff};
    }

    @Test
    void primariesAndGreysGetTheirStandardCodes() {
        assertThat(convert(1, 1, 1, false)).containsExactly(235, 128, 128);
        assertThat(convert(0, 0, 0, true)).containsExactly(16, 128, 128);
        // BT.601 red (ITU-R BT.601 limited range): Y 81, Cb 90, Cr 240; BT.709 red: 63, 102, 240.
        assertThat(convert(1, 0, 0, false)).containsExactly(81, 90, 240);
        assertThat(convert(1, 0, 0, true)).containsExactly(63, 102, 240);
        // Out-of-range samples are clamped like the codec's 8 bits, not wrapped.
        assertThat(convert(1.3f, -0.2f, -0.1f, false)).containsExactly(81, 90, 240);
    }

    @Test
    void chromaIsTheMeanOfEachTwoByTwoBlock() {
        Image img = Image.create(2, 2, 3);
        img.plane(0)[0] = 1; // one red pixel among three black ones
        byte[] y = new byte[4];
        byte[] u = new byte[1];
        byte[] v = new byte[1];
        YuvFrames.toYuv420(img, false, y, 2, u, v, 1);
        assertThat(y[0] & 0xff).isEqualTo(81);
        assertThat(y[3] & 0xff).isEqualTo(16);
        // Mean colour (0.25, 0, 0): Cr = 128 + 224·0.25·(1 − 0.299)/(2·0.701) = 156.
        assertThat(v[0] & 0xff).isEqualTo(156);
    }
}
