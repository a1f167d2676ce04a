package dev.atelier.engines.segmentation;

/**
 * The bilinear resize of {@code @imgly/background-removal-node}, reproduced exactly: asymmetric coordinates
 * ({@code srcX = x · srcW / dstW}, no half-pixel offset), neighbours {@code floor} and {@code ceil} clamped to the edge,
 * arithmetic in double, results rounded half up to 8 bits. Matching it is what makes our masks equal to the package's.
 */
final class AsymmetricBilinear {
    private AsymmetricBilinear() {}

    /** Resizes one 8-bit plane ({@code src[y·sw + x]}, values 0..255) to {@code dw × dh}. */
    static byte[] resize(byte[] src, int sw, int sh, int dw, int dh) {
        byte[] dst = new byte[dw * dh];
        double scaleX = (double) sw / dw;
        double scaleY = (double) sh / dh;
        int[] x1 = new int[dw];
        int[] x2 = new int[dw];
        double[] fx = new double[dw];
        for (int x = 0; x < dw; x++) {
            double sx = x * scaleX;
            x1[x] = Math.max((int) Math.floor(sx), 0);
            x2[x] = Math.min((int) Math.ceil(sx), sw - 1);
            fx[x] = sx - x1[x];
        }
        for (int y = 0; y < dh; y++) {
            double sy = y * scaleY;
            int y1 = Math.max((int) Math.floor(sy), 0);
            int y2 = Math.min((int) Math.ceil(sy), sh - 1);
            double dy = sy - y1;
            int r1 = y1 * sw;
            int r2 = y2 * sw;
            int o = y * dw;
            for (int x = 0; x < dw; x++) {
                double dx = fx[x];
                int p1 = src[r1 + x1[x]] & 0xff;
                int p2 = src[r1 + x2[x]] & 0xff;
                int p3 = src[r2 + x1[x]] & 0xff;
                int p4 = src[r2 + x2[x]] & 0xff;
                double v = (1 - dx) * (1 - dy) * p1 + dx * (1 - dy) * p2 + (1 - dx) * dy * p3 + dx * dy * p4;
                dst[o + x] = (byte) Math.round(v);
            }
        }
        return dst;
    }

    /** An image plane in [0, 1] as 8-bit values, rounded half up (the inverse of {@code v / 255}). */
    static byte[] quantize(float[] plane) {
        byte[] out = new byte[plane.length];
        for (int i = 0; i < plane.length; i++) {
            float v = plane[i];
            out[i] = (byte) (v <= 0f ? 0 : v >= 1f ? 255 : Math.round(v * 255f));
        }
        return out;
    }
}
