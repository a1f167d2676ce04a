package dev.atelier.imaging.inpaint;

/**
 * One pyramid level of the inpainting problem: interleaved samples, which pixels are unknown, and which patch
 * centres may serve as sources (the patch lies inside the picture and touches no unknown pixel) or are targets
 * (the patch touches an unknown pixel, so its match is searched).
 */
final class Level {
    final int width;
    final int height;
    final int channels;
    final int radius;
    /** Interleaved samples: {@code pixels[(y * width + x) * channels + c]}. Hole samples hold the current estimate. */
    final float[] pixels;
    final boolean[] hole;
    /** Pixels no source patch may touch (e.g. faces: never copied into the fill); null when there are none. */
    final boolean[] avoid;
    final boolean[] source;
    final boolean[] target;
    /** Source centre indices, for random initialisation. */
    final int[] sources;

    Level(int width, int height, int channels, int radius, float[] pixels, boolean[] hole, boolean[] avoid) {
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.radius = radius;
        this.pixels = pixels;
        this.hole = hole;
        this.avoid = avoid;
        this.source = new boolean[width * height];
        this.target = new boolean[width * height];
        // Summed-area table of the hole: "does this patch touch the hole" in O(1).
        int[] sat = summedArea(hole);
        int[] avoidSat = avoid == null ? null : summedArea(avoid);
        int count = 0;
        for (int y = radius; y < height - radius; y++) {
            for (int x = radius; x < width - radius; x++) {
                int x0 = x - radius;
                int y0 = y - radius;
                int x1 = x + radius + 1;
                int y1 = y + radius + 1;
                int inHole = boxSum(sat, x0, y0, x1, y1);
                int i = y * width + x;
                if (inHole != 0) {
                    target[i] = true;
                } else if (avoidSat == null || boxSum(avoidSat, x0, y0, x1, y1) == 0) {
                    source[i] = true;
                    count++;
                }
            }
        }
        this.sources = new int[count];
        for (int i = 0, k = 0; i < source.length; i++) {
            if (source[i]) {
                sources[k++] = i;
            }
        }
    }

    private int[] summedArea(boolean[] on) {
        int[] sat = new int[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            int row = 0;
            for (int x = 0; x < width; x++) {
                row += on[y * width + x] ? 1 : 0;
                sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1] + row;
            }
        }
        return sat;
    }

    private int boxSum(int[] sat, int x0, int y0, int x1, int y1) {
        return sat[y1 * (width + 1) + x1] - sat[y0 * (width + 1) + x1] - sat[y1 * (width + 1) + x0]
                + sat[y0 * (width + 1) + x0];
    }

    boolean hasHole() {
        for (boolean h : hole) {
            if (h) {
                return true;
            }
        }
        return false;
    }

    /** The largest distance (in pixels, Chebyshev) from a hole pixel to the nearest known pixel. */
    int holeThickness() {
        // Two-pass chamfer distance transform with unit costs (Chebyshev metric).
        int[] d = new int[width * height];
        int inf = width + height;
        for (int i = 0; i < d.length; i++) {
            d[i] = hole[i] ? inf : 0;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (d[i] == 0) {
                    continue;
                }
                int m = d[i];
                if (x > 0) m = Math.min(m, d[i - 1] + 1);
                if (y > 0) {
                    m = Math.min(m, d[i - width] + 1);
                    if (x > 0) m = Math.min(m, d[i - width - 1] + 1);
                    if (x < width - 1) m = Math.min(m, d[i - width + 1] + 1);
                }
                d[i] = m;
            }
        }
        int max = 0;
        for (int y = height - 1; y >= 0; y--) {
            for (int x = width - 1; x >= 0; x--) {
                int i = y * width + x;
                if (d[i] == 0) {
                    continue;
                }
                int m = d[i];
                if (x < width - 1) m = Math.min(m, d[i + 1] + 1);
                if (y < height - 1) {
                    m = Math.min(m, d[i + width] + 1);
                    if (x < width - 1) m = Math.min(m, d[i + width + 1] + 1);
                    if (x > 0) m = Math.min(m, d[i + width - 1] + 1);
                }
                d[i] = m;
                max = Math.max(max, m);
            }
        }
        return max;
    }

    /**
     * The level at half resolution: a coarse pixel is unknown when any of its (up to four) children is, and known
     * pixels average their children, so known coarse pixels never mix in unknown data.
     */
    Level half() {
        int w = (width + 1) / 2;
        int h = (height + 1) / 2;
        float[] px = new float[w * h * channels];
        boolean[] hl = new boolean[w * h];
        boolean[] av = avoid == null ? null : new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = y * w + x;
                int n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int fx = Math.min(2 * x + dx, width - 1);
                        int fy = Math.min(2 * y + dy, height - 1);
                        int f = fy * width + fx;
                        if (av != null && avoid[f]) {
                            av[o] = true;
                        }
                        if (hole[f]) {
                            hl[o] = true;
                        } else {
                            n++;
                            for (int c = 0; c < channels; c++) {
                                px[o * channels + c] += pixels[f * channels + c];
                            }
                        }
                    }
                }
                if (n > 0) {
                    for (int c = 0; c < channels; c++) {
                        px[o * channels + c] /= n;
                    }
                }
            }
        }
        return new Level(w, h, channels, radius, px, hl, av);
    }

    /**
     * Fills hole samples by diffusion from the border inwards (onion peel: each ring takes the mean of its already
     * known 8-neighbours): the smooth first guess the coarsest level starts from.
     */
    void fillByDiffusion() {
        boolean[] known = new boolean[hole.length];
        for (int i = 0; i < known.length; i++) {
            known[i] = !hole[i];
        }
        java.util.ArrayDeque<Integer> ring = new java.util.ArrayDeque<>();
        boolean[] queued = new boolean[hole.length];
        for (int i = 0; i < hole.length; i++) {
            if (hole[i] && touchesKnown(i, known)) {
                ring.add(i);
                queued[i] = true;
            }
        }
        while (!ring.isEmpty()) {
            java.util.List<Integer> current = new java.util.ArrayList<>(ring);
            ring.clear();
            for (int i : current) {
                int x = i % width;
                int y = i / width;
                float[] acc = new float[channels];
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((dx | dy) == 0 || nx < 0 || ny < 0 || nx >= width || ny >= height) {
                            continue;
                        }
                        int j = ny * width + nx;
                        if (known[j]) {
                            n++;
                            for (int c = 0; c < channels; c++) {
                                acc[c] += pixels[j * channels + c];
                            }
                        }
                    }
                }
                for (int c = 0; c < channels; c++) {
                    pixels[i * channels + c] = acc[c] / Math.max(n, 1);
                }
            }
            for (int i : current) {
                known[i] = true;
            }
            for (int i : current) {
                int x = i % width;
                int y = i / width;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                            continue;
                        }
                        int j = ny * width + nx;
                        if (!known[j] && !queued[j]) {
                            queued[j] = true;
                            ring.add(j);
                        }
                    }
                }
            }
        }
    }

    private boolean touchesKnown(int i, boolean[] known) {
        int x = i % width;
        int y = i / width;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < width && ny < height && known[ny * width + nx]) {
                    return true;
                }
            }
        }
        return false;
    }
}
