package dev.atelier.imaging.warp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delaunay triangulation by Bowyer–Watson: points are inserted one at a time into a super-triangle; the triangles
 * whose circumcircle holds the new point are removed and the hole is re-fanned from it. O(n²) in the worst case,
 * which is fine for a face mesh's 468 points (a few milliseconds).
 */
public final class Delaunay {
    private Delaunay() {}

    /**
     * Triangles over {@code xs}/{@code ys} as index triples into them, all with the same orientation. Duplicate
     * points are tolerated (the later one is skipped).
     */
    public static List<int[]> triangulate(double[] xs, double[] ys) {
        int n = xs.length;
        if (ys.length != n) {
            throw new IllegalArgumentException("xs and ys differ in length: " + n + " vs " + ys.length);
        }
        if (n < 3) {
            return List.of();
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxX = Math.max(maxX, xs[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1);
        double midX = (minX + maxX) / 2;
        double midY = (minY + maxY) / 2;
        // all points plus the three corners of a super-triangle far outside them
        double[] px = new double[n + 3];
        double[] py = new double[n + 3];
        System.arraycopy(xs, 0, px, 0, n);
        System.arraycopy(ys, 0, py, 0, n);
        px[n] = midX - 20 * span;
        py[n] = midY - span;
        px[n + 1] = midX;
        py[n + 1] = midY + 20 * span;
        px[n + 2] = midX + 20 * span;
        py[n + 2] = midY - span;
        List<Tri> tris = new ArrayList<>();
        tris.add(Tri.of(n, n + 1, n + 2, px, py));
        for (int p = 0; p < n; p++) {
            if (duplicate(p, px, py)) {
                continue;
            }
            List<Tri> bad = new ArrayList<>();
            for (Tri t : tris) {
                if (t.circumcircleHolds(px[p], py[p])) {
                    bad.add(t);
                }
            }
            // the boundary of the hole: edges of bad triangles that no other bad triangle shares
            Map<Long, int[]> edges = new HashMap<>();
            for (Tri t : bad) {
                for (int[] e : new int[][] {{t.a, t.b}, {t.b, t.c}, {t.c, t.a}}) {
                    long key = key(e[0], e[1]);
                    if (edges.remove(key) == null) {
                        edges.put(key, e);
                    }
                }
            }
            tris.removeAll(bad);
            for (int[] e : edges.values()) {
                tris.add(Tri.of(e[0], e[1], p, px, py));
            }
        }
        List<int[]> out = new ArrayList<>();
        for (Tri t : tris) {
            if (t.a < n && t.b < n && t.c < n) {
                out.add(new int[] {t.a, t.b, t.c});
            }
        }
        return out;
    }

    private static boolean duplicate(int p, double[] px, double[] py) {
        for (int q = 0; q < p; q++) {
            if (px[q] == px[p] && py[q] == py[p]) {
                return true;
            }
        }
        return false;
    }

    private static long key(int i, int j) {
        return i < j ? ((long) i << 32) | j : ((long) j << 32) | i;
    }

    /** A triangle with its circumcircle, vertices ordered so the signed area is positive. */
    private record Tri(int a, int b, int c, double cx, double cy, double r2) {
        static Tri of(int a, int b, int c, double[] x, double[] y) {
            double cross = (x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]);
            if (cross < 0) {
                int t = b;
                b = c;
                c = t;
            }
            double ax = x[a];
            double ay = y[a];
            double bx = x[b];
            double by = y[b];
            double qx = x[c];
            double qy = y[c];
            double d = 2 * (ax * (by - qy) + bx * (qy - ay) + qx * (ay - by));
            if (d == 0) {
                // collinear: an infinite circle that holds every point, so the next insertion replaces it
                return new Tri(a, b, c, 0, 0, Double.POSITIVE_INFINITY);
            }
            double a2 = ax * ax + ay * ay;
            double b2 = bx * bx + by * by;
            double c2 = qx * qx + qy * qy;
            double cx = (a2 * (by - qy) + b2 * (qy - ay) + c2 * (ay - by)) / d;
            double cy = (a2 * (qx - bx) + b2 * (ax - qx) + c2 * (bx - ax)) / d;
            return new Tri(a, b, c, cx, cy, (ax - cx) * (ax - cx) + (ay - cy) * (ay - cy));
        }

        boolean circumcircleHolds(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            return dx * dx + dy * dy < r2;
        }
    }
}
