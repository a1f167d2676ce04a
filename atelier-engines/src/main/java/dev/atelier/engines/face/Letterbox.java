package dev.atelier.engines.face;

import dev.atelier.engines.FaceDetection;
import dev.atelier.imaging.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * The photo scaled to fit a square model input with its aspect kept and black bars around it, and the mapping from
 * normalised square coordinates back to source pixels.
 */
record Letterbox(int sourceWidth, int sourceHeight, int size, double scale, double padX, double padY) {

    static Letterbox of(int w, int h, int size) {
        double scale = (double) size / Math.max(w, h);
        return new Letterbox(w, h, size, scale, (size - w * scale) / 2, (size - h * scale) / 2);
    }

    /**
     * The input tensor, NHWC, values {@code v · 2 − 1}. Each input pixel averages the source pixels under it (a box
     * filter), so a large photo shrinks without aliasing; upscaling samples the nearest source pixel.
     */
    float[] render(Image source) {
        float[] out = new float[size * size * 3];
        java.util.Arrays.fill(out, -1f);
        int w = source.width();
        int h = source.height();
        float[][] planes = new float[3][];
        for (int c = 0; c < 3; c++) {
            planes[c] = source.plane(source.channels() >= 3 ? c : 0);
        }
        double inv = 1 / scale;
        for (int y = 0; y < size; y++) {
            double sy0 = (y - padY) * inv;
            double sy1 = (y + 1 - padY) * inv;
            if (sy1 <= 0 || sy0 >= h) {
                continue;
            }
            int y0 = Math.clamp((long) Math.floor(sy0), 0, h - 1);
            int y1 = Math.clamp((long) Math.ceil(sy1), y0 + 1, h);
            for (int x = 0; x < size; x++) {
                double sx0 = (x - padX) * inv;
                double sx1 = (x + 1 - padX) * inv;
                if (sx1 <= 0 || sx0 >= w) {
                    continue;
                }
                int x0 = Math.clamp((long) Math.floor(sx0), 0, w - 1);
                int x1 = Math.clamp((long) Math.ceil(sx1), x0 + 1, w);
                int o = (y * size + x) * 3;
                int n = (y1 - y0) * (x1 - x0);
                for (int c = 0; c < 3; c++) {
                    float[] p = planes[c];
                    double sum = 0;
                    for (int yy = y0; yy < y1; yy++) {
                        int r = yy * w;
                        for (int xx = x0; xx < x1; xx++) {
                            sum += p[r + xx];
                        }
                    }
                    out[o + c] = (float) (sum / n * 2 - 1);
                }
            }
        }
        return out;
    }

    double toSourceX(double nx) {
        return (nx * size - padX) / scale;
    }

    double toSourceY(double ny) {
        return (ny * size - padY) / scale;
    }

    FaceDetection.Face toSource(BlazeFaceDetection.Candidate c) {
        double[] g = c.geometry();
        double x0 = Math.clamp(toSourceX(g[0] - g[2] / 2), 0, sourceWidth);
        double y0 = Math.clamp(toSourceY(g[1] - g[3] / 2), 0, sourceHeight);
        double x1 = Math.clamp(toSourceX(g[0] + g[2] / 2), 0, sourceWidth);
        double y1 = Math.clamp(toSourceY(g[1] + g[3] / 2), 0, sourceHeight);
        List<FaceDetection.Point> keypoints = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            keypoints.add(new FaceDetection.Point(toSourceX(g[4 + 2 * k]), toSourceY(g[5 + 2 * k])));
        }
        return new FaceDetection.Face(new FaceDetection.Box(x0, y0, x1 - x0, y1 - y0), c.score(), keypoints);
    }
}
