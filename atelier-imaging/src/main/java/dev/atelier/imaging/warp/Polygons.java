package dev.atelier.imaging.warp;

import dev.atelier.imaging.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Polygons on the pixel grid: filling them into masks, and the convex hull of a point set. */
public final class Polygons {
    private Polygons() {}

    /**
     * Sets to 1 the pixels of {@code mask} (1 channel) whose centre lies inside the closed polygon (even–odd rule).
     * Pixels outside are left as they are, so several polygons can be drawn into one mask.
     */
    public static void fill(Image mask, double[] xs, double[] ys) {
        int w = mask.width();
        int h = mask.height();
        float[] m = mask.plane(0);
        int n = xs.length;
        double minY = Arrays.stream(ys).min().orElse(0);
        double maxY = Arrays.stream(ys).max().orElse(-1);
        int y0 = Math.max(0, (int) Math.floor(minY));
        int y1 = Math.min(h - 1, (int) Math.ceil(maxY));
        double[] crossings = new double[n];
        for (int y = y0; y <= y1; y++) {
            double py = y + 0.5;
            int k = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if ((ys[i] > py) != (ys[j] > py)) {
                    crossings[k++] = xs[i] + (py - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i]);
                }
            }
            Arrays.sort(crossings, 0, k);
            for (int c = 0; c + 1 < k; c += 2) {
                // pixel x is inside when its centre x + 0.5 lies in [from, to)
                int from = Math.max(0, (int) Math.ceil(crossings[c] - 0.5));
                int to = Math.min(w - 1, (int) Math.ceil(crossings[c + 1] - 0.5) - 1);
                for (int x = from; x <= to; x++) {
                    m[y * w + x] = 1f;
                }
            }
        }
    }

    /** Indices of the convex hull of the points, in order around it (Andrew's monotone chain). */
    public static int[] convexHull(double[] xs, double[] ys) {
        int n = xs.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> xs[i]).thenComparingDouble(i -> ys[i]));
        List<Integer> hull = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            int start = hull.size();
            for (int k = 0; k < n; k++) {
                int p = order[pass == 0 ? k : n - 1 - k];
                while (hull.size() >= start + 2 && cross(xs, ys, hull.get(hull.size() - 2), hull.getLast(), p) <= 0) {
                    hull.removeLast();
                }
                hull.add(p);
            }
            hull.removeLast(); // the last point of each chain starts the other
        }
        return hull.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double cross(double[] xs, double[] ys, int o, int a, int b) {
        return (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
    }
}
