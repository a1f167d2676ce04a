package dev.atelier.imaging.inpaint;

import dev.atelier.imaging.parallel.Kernels;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A nearest-neighbour field from target patches to source patches on one {@link Level}, improved by PatchMatch
 * (Barnes et al. 2009), and the voting step that turns the field back into pixels (Wexler et al. 2007).
 *
 * <p>PatchMatch exploits coherence: if the patch left of me matched source patch s, then s shifted right by one is
 * a good guess for me (propagation); around the best guess so far, a few random candidates at exponentially
 * shrinking radii escape local minima (random search). Scans alternate direction so good matches flow both ways.
 * The targets are split into horizontal bands searched in parallel; propagation never crosses a band, which keeps
 * the result deterministic for a given seed.
 *
 * <p>Voting: every unknown pixel is covered by up to (2r+1)² target patches; each proposes the pixel at the same
 * offset in its matched source patch, weighted by {@code exp(-d / 2σ²)} where d is the patch's mean squared
 * difference and σ² the 75th percentile of d (well-matched patches dominate).
 */
final class PatchMatch {
    private final Level level;
    /** For each pixel index that is a target centre, the index of its source centre. */
    final int[] field;
    /** Sum of squared differences of each target patch to its source patch. */
    final float[] cost;
    private final int patchSide;
    /** Spatial prior: cost added per squared pixel of distance between a target and its source (see distance). */
    private final float distanceWeight;

    PatchMatch(Level level) {
        this.level = level;
        this.field = new int[level.width * level.height];
        this.cost = new float[level.width * level.height];
        this.patchSide = 2 * level.radius + 1;
        float reach = Math.max(patchSide, level.holeThickness());
        this.distanceWeight = (float) (KAPPA * patchSide * patchSide * level.channels / (reach * reach));
    }

    /**
     * The spatial prior ("nearer sources"): a match costs its sum of squared differences plus
     * {@code KAPPA · samples · (distance / reach)²}, reach being the hole's thickness at the level. A source one reach
     * away thus costs like a mean squared difference of KAPPA per sample (0.07 RMS), so far sources win only when
     * they fit better. bench/quality's pasted-object cases gave their best mean PSNR in the hole at 0.005 (0, 0.01,
     * 0.05 and 0.2 tried); from 0.05 on, periodic textures, whose best sources lie several periods away, lose their
     * alignment (InpaintTest).
     */
    static final double KAPPA = 0.005;

    /** Random sources for every target. */
    void randomise(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < field.length; i++) {
            if (level.target[i]) {
                field[i] = level.sources[rnd.nextInt(level.sources.length)];
            }
        }
    }

    /** Initialises from the field of the coarser level: each target inherits its parent's match, scaled by two. */
    void upsampleFrom(PatchMatch coarse, long seed) {
        Level c = coarse.level;
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = level.width;
        for (int i = 0; i < field.length; i++) {
            if (!level.target[i]) {
                continue;
            }
            int x = i % w;
            int y = i / w;
            int px = Math.min(x / 2, c.width - 1);
            int py = Math.min(y / 2, c.height - 1);
            int parent = py * c.width + px;
            int candidate = -1;
            if (c.target[parent]) {
                int s = coarse.field[parent];
                int sx = 2 * (s % c.width) + (x - 2 * px);
                int sy = 2 * (s / c.width) + (y - 2 * py);
                if (sx >= 0 && sy >= 0 && sx < w && sy < level.height && level.source[sy * w + sx]) {
                    candidate = sy * w + sx;
                }
            }
            field[i] = candidate >= 0 ? candidate : level.sources[rnd.nextInt(level.sources.length)];
        }
    }

    /** Runs {@code iterations} PatchMatch sweeps (alternating direction) against the current pixel estimate. */
    void improve(int iterations, long seed) {
        int w = level.width;
        Kernels.forEach(0, field.length, i -> {
            if (level.target[i]) {
                cost[i] = distance(i, field[i], Float.MAX_VALUE);
            }
        });
        int bands = Math.max(1, Math.min(4 * Runtime.getRuntime().availableProcessors(), level.height / 16));
        for (int it = 0; it < iterations; it++) {
            boolean forward = it % 2 == 0;
            int iteration = it;
            Kernels.forEach(0, bands, b -> {
                int y0 = level.height * b / bands;
                int y1 = level.height * (b + 1) / bands;
                SplittableRandom rnd = new SplittableRandom(seed * 31 + iteration * 1009L + b);
                if (forward) {
                    for (int y = y0; y < y1; y++) {
                        for (int x = 0; x < w; x++) {
                            visit(y * w + x, x, y, -1, y0, y1, rnd);
                        }
                    }
                } else {
                    for (int y = y1 - 1; y >= y0; y--) {
                        for (int x = w - 1; x >= 0; x--) {
                            visit(y * w + x, x, y, 1, y0, y1, rnd);
                        }
                    }
                }
            });
        }
    }

    /** Propagation from the previous neighbours (direction {@code step}) then random search, for target {@code i}. */
    private void visit(int i, int x, int y, int step, int y0, int y1, SplittableRandom rnd) {
        if (!level.target[i]) {
            return;
        }
        int w = level.width;
        int best = field[i];
        float bestCost = cost[i];
        // Horizontal neighbour (x + step): its source shifted back by one.
        int nx = x + step;
        if (nx >= 0 && nx < w && level.target[i + step]) {
            int candidate = field[i + step] - step;
            if (candidate >= 0 && candidate < field.length && level.source[candidate] && candidate != best) {
                float d = distance(i, candidate, bestCost);
                if (d < bestCost) {
                    best = candidate;
                    bestCost = d;
                }
            }
        }
        int ny = y + step;
        if (ny >= y0 && ny < y1 && level.target[i + step * w]) {
            int candidate = field[i + step * w] - step * w;
            if (candidate >= 0 && candidate < field.length && level.source[candidate] && candidate != best) {
                float d = distance(i, candidate, bestCost);
                if (d < bestCost) {
                    best = candidate;
                    bestCost = d;
                }
            }
        }
        // Random search around the best match, radius halving from the whole picture down to one pixel.
        for (int r = Math.max(w, level.height); r >= 1; r /= 2) {
            int bx = best % w;
            int by = best / w;
            int cx = Math.clamp(bx + rnd.nextInt(-r, r + 1), 0, w - 1);
            int cy = Math.clamp(by + rnd.nextInt(-r, r + 1), 0, level.height - 1);
            int candidate = cy * w + cx;
            if (level.source[candidate] && candidate != best) {
                float d = distance(i, candidate, bestCost);
                if (d < bestCost) {
                    best = candidate;
                    bestCost = d;
                }
            }
        }
        field[i] = best;
        cost[i] = bestCost;
    }

    /** Sum of squared differences between the patches centred at {@code a} and {@code b}; stops once past {@code bound}. */
    float distance(int a, int b, float bound) {
        int w = level.width;
        int r = level.radius;
        int ch = level.channels;
        float[] p = level.pixels;
        int rowLength = patchSide * ch;
        int ex = a % w - b % w;
        int ey = a / w - b / w;
        float d = distanceWeight * (ex * ex + ey * ey);
        for (int dy = -r; dy <= r; dy++) {
            int ra = (a + dy * w - r) * ch;
            int rb = (b + dy * w - r) * ch;
            for (int k = 0; k < rowLength; k++) {
                float e = p[ra + k] - p[rb + k];
                d += e * e;
            }
            if (d >= bound) {
                return d;
            }
        }
        return d;
    }

    /** Rewrites every hole pixel as the weighted vote of the source pixels proposed by the patches covering it. */
    void vote() {
        int w = level.width;
        int h = level.height;
        int r = level.radius;
        int ch = level.channels;
        float samples = patchSide * patchSide * ch;
        float sigma2 = percentile(0.75) / samples + 1e-6f;
        float[] weight = new float[field.length];
        Kernels.forEach(0, field.length, i -> {
            if (level.target[i]) {
                weight[i] = (float) Math.exp(-(cost[i] / samples) / (2 * sigma2)) + 1e-12f;
            }
        });
        float[] p = level.pixels;
        Kernels.forEach(0, h, y -> {
            float[] acc = new float[ch];
            for (int x = 0; x < w; x++) {
                int q = y * w + x;
                if (!level.hole[q]) {
                    continue;
                }
                Arrays.fill(acc, 0);
                float total = 0;
                for (int dy = -r; dy <= r; dy++) {
                    int ty = y - dy;
                    if (ty < 0 || ty >= h) {
                        continue;
                    }
                    for (int dx = -r; dx <= r; dx++) {
                        int tx = x - dx;
                        if (tx < 0 || tx >= w) {
                            continue;
                        }
                        int t = ty * w + tx;
                        if (!level.target[t]) {
                            continue;
                        }
                        int s = field[t] + dy * w + dx;
                        float wt = weight[t];
                        for (int c = 0; c < ch; c++) {
                            acc[c] += wt * p[s * ch + c];
                        }
                        total += wt;
                    }
                }
                if (total > 0) {
                    for (int c = 0; c < ch; c++) {
                        p[q * ch + c] = acc[c] / total;
                    }
                }
            }
        });
    }

    private float percentile(double q) {
        int n = 0;
        for (boolean t : level.target) {
            n += t ? 1 : 0;
        }
        if (n == 0) {
            return 0;
        }
        float[] values = new float[n];
        for (int i = 0, k = 0; i < field.length; i++) {
            if (level.target[i]) {
                values[k++] = cost[i];
            }
        }
        Arrays.sort(values);
        return values[(int) Math.min(n - 1, Math.round(q * (n - 1)))];
    }
}
