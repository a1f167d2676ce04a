package dev.atelier.imaging.enhance;

import dev.atelier.imaging.parallel.Kernels;


/**
 * Edge-directed ×2 enlargement by directional cubic convolution interpolation (DCCI; Zhou, Shen and Cham 2012).
 *
 * <p>The output grid keeps every source pixel at even coordinates and fills the rest in two steps:
 * <ol>
 *   <li>Pixels at (odd, odd) sit at the centre of four source pixels. Sum the absolute differences along the two
 *       diagonals over the surrounding 4×4 block: G↗ and G↘. If one is more than 15% larger, an edge crosses that
 *       direction, so interpolate along the other diagonal with the 1-D cubic {@code (−1, 9, 9, −1)/16}; otherwise
 *       blend both diagonal interpolations with weights {@code 1/(1 + G⁵)}.</li>
 *   <li>The remaining pixels (odd, even) and (even, odd) now have known neighbours on all four sides; the same rule
 *       with horizontal and vertical directions fills them.</li>
 * </ol>
 * Interpolating along edges rather than across them avoids the staircase ("jaggies") of separable kernels on
 * diagonal edges. Directions are chosen on luma (in 0..255 units, as in the paper) and applied to every channel.
 * Borders are handled by replicating 3 pixels. The grid is corner-aligned (output 2x is source x); the caller
 * re-centres it.
 */
final class EdgeDirected {
    private static final double THRESHOLD = 1.15;
    private static final int PAD = 3;

    private EdgeDirected() {}

    /** Doubles {@code planes} (w × h each; luma guides the directions); returns (2w) × (2h) planes. */
    static float[][] enlarge(float[][] planes, float[] luma, int w, int h) {
        int pw = w + 2 * PAD;
        int ph = h + 2 * PAD;
        int ow = 2 * pw - 1;
        int oh = 2 * ph - 1;
        int channels = planes.length;
        // Guide and channels on the output grid; known samples at even coordinates.
        float[] guide = new float[ow * oh];
        float[][] grid = new float[channels][ow * oh];
        for (int y = 0; y < ph; y++) {
            int sy = Math.clamp(y - PAD, 0, h - 1);
            for (int x = 0; x < pw; x++) {
                int sx = Math.clamp(x - PAD, 0, w - 1);
                int o = 2 * y * ow + 2 * x;
                guide[o] = luma[sy * w + sx] * 255f;
                for (int c = 0; c < channels; c++) {
                    grid[c][o] = planes[c][sy * w + sx];
                }
            }
        }
        // Step 1: centres of 2×2 source blocks.
        Kernels.forEach(1, ph - 2, by -> {
            int y = 2 * by + 1;
            for (int bx = 1; bx < pw - 2; bx++) {
                int x = 2 * bx + 1;
                double up = 0;   // along ↗: pairs (i, j) – (i+1, j−1) in source steps
                double down = 0; // along ↘: pairs (i, j) – (i+1, j+1)
                for (int j = -1; j <= 2; j++) {
                    for (int i = -1; i <= 1; i++) {
                        int sx = x - 1 + 2 * i;
                        int sy = y - 1 + 2 * j;
                        if (j >= 0) {
                            up += Math.abs(guide[(sy - 2) * ow + sx + 2] - guide[sy * ow + sx]);
                        }
                        if (j <= 1) {
                            down += Math.abs(guide[(sy + 2) * ow + sx + 2] - guide[sy * ow + sx]);
                        }
                    }
                }
                int o = y * ow + x;
                float k = weightOfB(up, down); // share of "along ↘"
                for (int c = 0; c <= channels; c++) {
                    float[] g = c < channels ? grid[c] : guide;
                    float alongDown = cubic(g[(y - 3) * ow + x - 3], g[(y - 1) * ow + x - 1], g[(y + 1) * ow + x + 1],
                            g[(y + 3) * ow + x + 3]);
                    float alongUp = cubic(g[(y + 3) * ow + x - 3], g[(y + 1) * ow + x - 1], g[(y - 1) * ow + x + 1],
                            g[(y - 3) * ow + x + 3]);
                    g[o] = k * alongDown + (1 - k) * alongUp;
                }
            }
        });
        // Step 2: the (odd, even) and (even, odd) pixels, from horizontal and vertical neighbours.
        Kernels.forEach(3, oh - 3, y -> {
            for (int x = 3 + (y & 1); x < ow - 3; x += 2) { // x + y odd
                double horizontal = 0;
                double vertical = 0;
                for (int d = -2; d <= 2; d += 2) {
                    horizontal += Math.abs(guide[y * ow + x + d + 1] - guide[y * ow + x + d - 1]);
                    vertical += Math.abs(guide[(y + d + 1) * ow + x] - guide[(y + d - 1) * ow + x]);
                }
                for (int d = -1; d <= 1; d += 2) {
                    for (int e = -1; e <= 1; e += 2) {
                        horizontal += Math.abs(guide[(y + d) * ow + x + e + 1] - guide[(y + d) * ow + x + e - 1]);
                        vertical += Math.abs(guide[(y + e + 1) * ow + x + d] - guide[(y + e - 1) * ow + x + d]);
                    }
                }
                int o = y * ow + x;
                float k = weightOfB(horizontal, vertical); // share of "along vertical"
                for (int c = 0; c < channels; c++) {
                    float[] g = grid[c];
                    float alongVertical = cubic(g[(y - 3) * ow + x], g[(y - 1) * ow + x], g[(y + 1) * ow + x], g[(y + 3) * ow + x]);
                    float alongHorizontal = cubic(g[y * ow + x - 3], g[y * ow + x - 1], g[y * ow + x + 1], g[y * ow + x + 3]);
                    g[o] = k * alongVertical + (1 - k) * alongHorizontal;
                }
            }
        });
        // Crop the padding: source pixel 0 sits at output 2·PAD.
        int tw = 2 * w;
        int th = 2 * h;
        float[][] out = new float[channels][tw * th];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < th; y++) {
                System.arraycopy(grid[c], (y + 2 * PAD) * ow + 2 * PAD, out[c], y * tw, tw);
            }
        }
        return out;
    }

    /**
     * The DCCI decision as the share of "interpolate along B" (the rest goes along A): {@code changeA} and
     * {@code changeB} are the gradient sums along two perpendicular directions. A clearly larger change along A
     * means an edge running along B: all along B; and the reverse. Otherwise each direction is weighted by
     * {@code 1/(1 + G⁵)} of its own change, so the share of B is {@code (1+G_A)⁵ / ((1+G_A)⁵ + (1+G_B)⁵)} (the paper's
     * {@code 1 + G⁵} replaced by {@code (1+G)⁵}, the same ordering without the ∞/∞ of huge powers).
     */
    static float weightOfB(double changeA, double changeB) {
        if ((1 + changeA) / (1 + changeB) > THRESHOLD) {
            return 1f;
        }
        if ((1 + changeB) / (1 + changeA) > THRESHOLD) {
            return 0f;
        }
        double a = fifth(1 + changeA);
        double b = fifth(1 + changeB);
        return (float) (a / (a + b));
    }

    private static double fifth(double v) {
        double v2 = v * v;
        return v2 * v2 * v;
    }

    private static float cubic(float a, float b, float c, float d) {
        return (-a + 9 * b + 9 * c - d) / 16;
    }

    /**
     * Moves a corner-aligned ×2 grid by half an output pixel up and left, so that output pixel centres fall where
     * centre-aligned resampling puts them: each sample becomes the cubic interpolation halfway to its predecessor.
     */
    static float[] recentre(float[] p, int w, int h) {
        float[] tmp = new float[p.length];
        Kernels.forEach(0, h, y -> {
            int b = y * w;
            for (int x = 0; x < w; x++) {
                tmp[b + x] = cubic(p[b + Math.max(x - 2, 0)], p[b + Math.max(x - 1, 0)], p[b + x], p[b + Math.min(x + 1, w - 1)]);
            }
        });
        float[] out = new float[p.length];
        Kernels.forEach(0, h, y -> {
            int ym2 = Math.max(y - 2, 0) * w;
            int ym1 = Math.max(y - 1, 0) * w;
            int y0 = y * w;
            int yp1 = Math.min(y + 1, h - 1) * w;
            for (int x = 0; x < w; x++) {
                out[y0 + x] = cubic(tmp[ym2 + x], tmp[ym1 + x], tmp[y0 + x], tmp[yp1 + x]);
            }
        });
        return out;
    }
}
