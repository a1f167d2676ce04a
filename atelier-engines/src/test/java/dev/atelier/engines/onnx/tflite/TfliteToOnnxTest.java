package dev.atelier.engines.onnx.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TfliteToOnnxTest {

    @Test
    void transposeMovesOhwiWeightsToOihw() {
        // O=2, H=1, W=2, I=3: value = 100·o + 10·w + i.
        int[] shape = {2, 1, 2, 3};
        float[] ohwi = new float[12];
        for (int o = 0; o < 2; o++) {
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 3; i++) {
                    ohwi[(o * 2 + w) * 3 + i] = 100 * o + 10 * w + i;
                }
            }
        }
        float[] oihw = TfliteToOnnx.transpose(ohwi, shape, new int[] {0, 3, 1, 2});
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 3; i++) {
                for (int w = 0; w < 2; w++) {
                    assertThat(oihw[(o * 3 + i) * 2 + w]).isEqualTo(100 * o + 10 * w + i);
                }
            }
        }
    }

    @Test
    void samePaddingPutsTheExtraPixelAtTheEndAsTensorFlowDoes() {
        // 128 input, 3x3 kernel, stride 2: output 64, total padding 1 -> 0 before, 1 after.
        assertThat(TfliteToOnnx.pads(0, 128, 3, 2, 1)).containsExactly(0, 1);
        // stride 1, 5x5: 2 and 2.
        assertThat(TfliteToOnnx.pads(0, 64, 5, 1, 1)).containsExactly(2, 2);
        // VALID: none.
        assertThat(TfliteToOnnx.pads(1, 64, 5, 1, 1)).containsExactly(0, 0);
    }

    @Test
    void somethingElseIsRefusedWithAClearError() {
        assertThatThrownBy(() -> TfliteToOnnx.convert(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .isInstanceOf(TfliteException.class).hasMessageContaining("not a TFLite model");
        byte[] truncated = {16, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0};
        assertThatThrownBy(() -> TfliteToOnnx.convert(truncated)).isInstanceOf(TfliteException.class)
                .hasMessageContaining("corrupt flatbuffer");
    }
}
