package dev.atelier.imaging.warp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelaunayTest {

    @Test
    void randomPointsGiveEmptyCircumcirclesAndEulersTriangleCount() {
        long seed = 20261122L;
        System.out.println("DelaunayTest seed " + seed);
        Random random = new Random(seed);
        int n = 300;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = random.nextDouble() * 500;
            ys[i] = random.nextDouble() * 400;
        }
        List<int[]> tris = Delaunay.triangulate(xs, ys);
        int hull = Polygons.convexHull(xs, ys).length;
        assertThat(tris).hasSize(2 * n - 2 - hull);
        for (int[] t : tris) {
            double ax = xs[t[0]], ay = ys[t[0]], bx = xs[t[1]], by = ys[t[1]], cx = xs[t[2]], cy = ys[t[2]];
            double d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
            double ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay)
                    + (cx * cx + cy * cy) * (ay - by)) / d;
            double uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx)
                    + (cx * cx + cy * cy) * (bx - ax)) / d;
            double r2 = (ax - ux) * (ax - ux) + (ay - uy) * (ay - uy);
            for (int p = 0; p < n; p++) {
                double dx = xs[p] - ux;
                double dy = ys[p] - uy;
                assertThat(dx * dx + dy * dy).as("point %d inside triangle %s's circumcircle", p, t)
                        .isGreaterThanOrEqualTo(r2 * (1 - 1e-9));
            }
        }
    }

    @Test
    void warpingOntoTheSamePointsIsTheIdentityAndATranslationMovesThePicture() {
        dev.atelier.imaging.Image img = dev.atelier.imaging.Image.create(64, 48, 3);
        Random random = new Random(7);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < img.plane(c).length; i++) {
                img.plane(c)[i] = random.nextFloat();
            }
        }
        double[] xs = {0, 64, 64, 0, 30};
        double[] ys = {0, 0, 48, 48, 20};
        List<int[]> tris = Delaunay.triangulate(xs, ys);
        TriangleWarp.Result same = TriangleWarp.warp(img, xs, ys, xs, ys, tris, 64, 48);
        assertThat(dev.atelier.imaging.metrics.Metrics.psnr(same.image(), img)).isGreaterThan(60);
        double[] shifted = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            shifted[i] = xs[i] + 5;
        }
        TriangleWarp.Result moved = TriangleWarp.warp(img, xs, ys, shifted, ys, tris, 64, 48);
        assertThat(moved.coverage().get(0, 2, 10)).isZero();
        assertThat(moved.image().get(1, 20, 10)).isCloseTo(img.get(1, 15, 10), org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test
    void polygonFillCoversTheInsidePixelCentres() {
        dev.atelier.imaging.Image m = dev.atelier.imaging.Image.create(10, 10, 1);
        Polygons.fill(m, new double[] {2, 8, 8, 2}, new double[] {2, 2, 6, 6});
        double sum = 0;
        for (float v : m.plane(0)) {
            sum += v;
        }
        assertThat(sum).isEqualTo(24);
        assertThat(m.get(0, 2, 2)).isEqualTo(1f);
        assertThat(m.get(0, 8, 2)).isZero();
    }
}
