package dev.atelier.engines.diffusion;

import dev.atelier.engines.generation.ImageSize;

/**
 * The size a bundle draws at for an asked size: about {@code sampleSize}² pixels (512² for SD 1.x, 768² for SD 2.x
 * exports), the asked aspect kept, each side a multiple of 64 (the UNet halves it three times) and at most twice the
 * sample size. The upscaling engine then brings the picture to the asked size.
 */
final class NativeSize {
    private NativeSize() {}

    static ImageSize of(ImageSize target, int sampleSize) {
        double area = (double) sampleSize * sampleSize;
        double aspect = target.aspect();
        int w = snap(Math.sqrt(area * aspect), sampleSize);
        int h = snap(Math.sqrt(area / aspect), sampleSize);
        return new ImageSize(w, h);
    }

    private static int snap(double side, int sampleSize) {
        long m = Math.round(side / 64);
        return (int) Math.clamp(m * 64, 64, 2L * Math.max(64, sampleSize) / 64 * 64);
    }
}
