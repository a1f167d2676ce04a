package dev.atelier.engines.testing;

import dev.atelier.engines.FaceParsing.Region;
import java.util.Arrays;
import java.util.List;

/**
 * Tiny models with the tensor names and shapes of the public releases of each model family, and answers a test can
 * predict exactly: what the family engines' tests and the pulls of the built-in manifests run.
 */
public final class TinyFamilies {
    private TinyFamilies() {}

    /**
     * BiSeNet face parsing ({@code input} [1,3,512,512] → {@code output} [1,19,512,512]): a 1×1 convolution whose
     * logits are HAIR = normalised red, SKIN = normalised green, BACKGROUND = normalised blue, every other class
     * −100. So red pixels parse as hair, green as skin, black as background (blue's ImageNet mean is the lowest, so
     * black normalises highest in blue).
     */
    public static byte[] bisenetColourClassifier() {
        float[] weights = new float[19 * 3];
        float[] bias = new float[19];
        Arrays.fill(bias, -100f);
        weights[Region.HAIR.ordinal() * 3] = 1;
        bias[Region.HAIR.ordinal()] = 0;
        weights[Region.SKIN.ordinal() * 3 + 1] = 1;
        bias[Region.SKIN.ordinal()] = 0;
        weights[Region.BACKGROUND.ordinal() * 3 + 2] = 1;
        bias[Region.BACKGROUND.ordinal()] = 0;
        return TinyOnnx.graph()
                .input("input", 1, 3, 512, 512)
                .constant("w", weights, 19, 3, 1, 1)
                .constant("b", bias, 19)
                .node("Conv", List.of("input", "w", "b"), List.of("output"), "kernel_shape", new long[] {1, 1})
                .output("output", 1, 19, 512, 512)
                .build();
    }

    /**
     * Real-ESRGAN ({@code input} [1,3,h,w] → {@code output} [1,3,h·s,w·s]): nearest-neighbour ×s, with free height
     * and width (as the real exports; pass −1) or a fixed input size.
     */
    public static byte[] nearestSuperResolution(int scale, long h, long w) {
        return TinyOnnx.graph()
                .input("input", 1, 3, h, w)
                .constant("roi", new float[0], 0)
                .constant("scales", new float[] {1, 1, scale, scale}, 4)
                .node("Resize", List.of("input", "roi", "scales"), List.of("output"), "mode", "nearest",
                        "nearest_mode", "floor", "coordinate_transformation_mode", "asymmetric")
                .output("output", 1, 3, h < 0 ? -1 : h * scale, w < 0 ? -1 : w * scale)
                .build();
    }

    /**
     * LaMa ({@code image} [1,3,512,512] and {@code mask} [1,1,512,512] → {@code output} [1,3,512,512]):
     * 255 · (image · (1 − mask) + fill · mask), in 0–255 as Carve's export gives.
     */
    public static byte[] lamaFill(float[] fill) {
        return TinyOnnx.graph()
                .input("image", 1, 3, 512, 512)
                .input("mask", 1, 1, 512, 512)
                .constant("one", new float[] {1f}, 1)
                .constant("fill", fill, 1, 3, 1, 1)
                .constant("k", new float[] {255f}, 1)
                .node("Sub", List.of("one", "mask"), List.of("keep"))
                .node("Mul", List.of("image", "keep"), List.of("kept"))
                .node("Mul", List.of("fill", "mask"), List.of("filled"))
                .node("Add", List.of("kept", "filled"), List.of("unit"))
                .node("Mul", List.of("unit", "k"), List.of("output"))
                .output("output", 1, 3, 512, 512)
                .build();
    }

    /**
     * DDColor ({@code input} [1,3,512,512] → {@code output} [1,2,512,512]): a 1×1 convolution, a* = wa · input + ba,
     * b* = wb · input + bb (weights per input channel).
     */
    public static byte[] ddcolorLinear(float[] wa, float ba, float[] wb, float bb) {
        float[] w = {wa[0], wa[1], wa[2], wb[0], wb[1], wb[2]};
        return TinyOnnx.graph()
                .input("input", 1, 3, 512, 512)
                .constant("w", w, 2, 3, 1, 1)
                .constant("b", new float[] {ba, bb}, 2)
                .node("Conv", List.of("input", "w", "b"), List.of("output"), "kernel_shape", new long[] {1, 1})
                .output("output", 1, 2, 512, 512)
                .build();
    }
}
