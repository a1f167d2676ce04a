package dev.atelier.engines.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsymmetricBilinearTest {

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    @Test
    void upscalingUsesAsymmetricCoordinatesAndRepeatsTheLastPixel() {
        // srcX = x * 2/4: 0, 0.5, 1, 1.5 -> 0, 50, 100, and 100 again (ceil clamped to the edge). A half-pixel-centred
        // bilinear would give 0, 25, 75, 100.
        byte[] out = AsymmetricBilinear.resize(new byte[] {0, 100}, 2, 1, 4, 1);
        assertThat(unsigned(out)).containsExactly(0, 50, 100, 100);
    }

    @Test
    void interpolatedValuesRoundHalfUp() {
        // srcX = 0.5 between 0 and 255: 127.5 rounds to 128, as JavaScript's Math.round does.
        byte[] out = AsymmetricBilinear.resize(new byte[] {0, (byte) 255}, 2, 1, 4, 1);
        assertThat(unsigned(out)).containsExactly(0, 128, 255, 255);
    }

    @Test
    void downscalingSamplesAtTheTopLeftOfEachFootprint() {
        byte[] src = new byte[16];
        for (int i = 0; i < 16; i++) {
            src[i] = (byte) (i * 10);
        }
        // 4x4 -> 2x2: srcX = 0 and 2, srcY = 0 and 2: exact source pixels, no averaging.
        byte[] out = AsymmetricBilinear.resize(src, 4, 4, 2, 2);
        assertThat(unsigned(out)).containsExactly(0, 20, 80, 100);
    }

    @Test
    void sameSizeIsTheIdentity() {
        byte[] src = {1, 2, 3, 4, 5, 6};
        assertThat(AsymmetricBilinear.resize(src, 3, 2, 3, 2)).isEqualTo(src);
    }

    @Test
    void quantizeInvertsDivisionBy255() {
        float[] plane = new float[256];
        for (int i = 0; i < 256; i++) {
            plane[i] = i / 255f;
        }
        int[] q = unsigned(AsymmetricBilinear.quantize(plane));
        for (int i = 0; i < 256; i++) {
            assertThat(q[i]).isEqualTo(i);
        }
        assertThat(unsigned(AsymmetricBilinear.quantize(new float[] {-0.5f, 1.5f}))).containsExactly(0, 255);
    }
}
