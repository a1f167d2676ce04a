package dev.atelier.imaging.warp;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.parallel.Kernels;
import java.util.List;

/**
 * Piecewise-affine warp: every triangle of a triangulation is moved from its place in one picture to its place in
 * another by the affine map its three vertices define, so landmarks land exactly on landmarks and the picture bends
 * smoothly in between. Pixel centres sit at {@code (x + 0.5, y + 0.5)}, as landmarks are given in continuous pixel
 * coordinates.
 */
public final class TriangleWarp {
    private TriangleWarp() {}

    /**
     * The warped picture and which of its pixels a triangle covered.
     *
     * @param image    the colour channels of the source, moved; black where no triangle lies
     * @param coverage 1 channel, 1 where a triangle lies, 0 elsewhere
     */
    public record Result(Image image, Image coverage) {}

    /**
     * Moves {@code source} so that point i at ({@code fromX[i]}, {@code fromY[i]}) lands on ({@code toX[i]},
     * {@code toY[i]}) in a picture of {@code width} × {@code height}, triangle by triangle.
     */
    public static Result warp(Image source, double[] fromX, double[] fromY, double[] toX, double[] toY,
            List<int[]> triangles, int width, int height) {
        int channels = Math.min(3, source.channels());
        Image out = Image.create(width, height, channels);
        Image cover = Image.create(width, height, 1);
        float[] cov = cover.plane(0);
        // triangles are independent; rows of one triangle may overlap another's only on shared edges
        Kernels.forEach(0, triangles.size(), t -> {
            int[] tri = triangles.get(t);
            Affine toSource = Affine.mapping(toX[tri[0]], toY[tri[0]], toX[tri[1]], toY[tri[1]], toX[tri[2]],
                    toY[tri[2]], fromX[tri[0]], fromY[tri[0]], fromX[tri[1]], fromY[tri[1]], fromX[tri[2]],
                    fromY[tri[2]]);
            if (toSource == null) {
                return; // degenerate triangle: covers no pixel
            }
            double ax = toX[tri[0]];
            double ay = toY[tri[0]];
            double bx = toX[tri[1]];
            double by = toY[tri[1]];
            double cx = toX[tri[2]];
            double cy = toY[tri[2]];
            int x0 = Math.max(0, (int) Math.floor(Math.min(ax, Math.min(bx, cx))));
            int x1 = Math.min(width - 1, (int) Math.ceil(Math.max(ax, Math.max(bx, cx))));
            int y0 = Math.max(0, (int) Math.floor(Math.min(ay, Math.min(by, cy))));
            int y1 = Math.min(height - 1, (int) Math.ceil(Math.max(ay, Math.max(by, cy))));
            double area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
            double eps = 1e-9 * Math.abs(area);
            for (int y = y0; y <= y1; y++) {
                double py = y + 0.5;
                for (int x = x0; x <= x1; x++) {
                    double px = x + 0.5;
                    double w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area;
                    double w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area;
                    double w2 = 1 - w0 - w1;
                    if (w0 < -eps || w1 < -eps || w2 < -eps) {
                        continue;
                    }
                    double sx = toSource.x(px, py) - 0.5;
                    double sy = toSource.y(px, py) - 0.5;
                    int i = y * width + x;
                    for (int c = 0; c < channels; c++) {
                        out.plane(c)[i] = bilinear(source.plane(c), source.width(), source.height(), sx, sy);
                    }
                    cov[i] = 1f;
                }
            }
        });
        return new Result(out, cover);
    }

    /** Bilinear sample with the edge pixels repeated outside the picture. */
    static float bilinear(float[] p, int w, int h, double x, double y) {
        x = Math.clamp(x, 0, w - 1);
        y = Math.clamp(y, 0, h - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double tx = x - x0;
        double ty = y - y0;
        double top = p[y0 * w + x0] * (1 - tx) + p[y0 * w + x1] * tx;
        double bottom = p[y1 * w + x0] * (1 - tx) + p[y1 * w + x1] * tx;
        return (float) (top * (1 - ty) + bottom * ty);
    }

    /** {@code (x, y) -> (a x + b y + c, d x + e y + f)}. */
    record Affine(double a, double b, double c, double d, double e, double f) {
        double x(double px, double py) {
            return a * px + b * py + c;
        }

        double y(double px, double py) {
            return d * px + e * py + f;
        }

        /** The affine map taking triangle (p0, p1, p2) to (q0, q1, q2), or null when the first is degenerate. */
        static Affine mapping(double p0x, double p0y, double p1x, double p1y, double p2x, double p2y,
                double q0x, double q0y, double q1x, double q1y, double q2x, double q2y) {
            double ux = p1x - p0x;
            double uy = p1y - p0y;
            double vx = p2x - p0x;
            double vy = p2y - p0y;
            double det = ux * vy - uy * vx;
            if (Math.abs(det) < 1e-12) {
                return null;
            }
            // the inverse of [u v] applied to the target's edge vectors
            double i00 = vy / det;
            double i01 = -vx / det;
            double i10 = -uy / det;
            double i11 = ux / det;
            double sx = q1x - q0x;
            double sy = q1y - q0y;
            double tx = q2x - q0x;
            double ty = q2y - q0y;
            double a = sx * i00 + tx * i10;
            double b = sx * i01 + tx * i11;
            double d = sy * i00 + ty * i10;
            double e = sy * i01 + ty * i11;
            return new Affine(a, b, q0x - a * p0x - b * p0y, d, e, q0y - d * p0x - e * p0y);
        }
    }
}
