package dev.atelier.engines.tiling;

import dev.atelier.engines.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model over a picture of any size in overlapping tiles, so memory stays bounded by the tile size instead of
 * the picture's: each tile goes through the model on its own, and the outputs are blended back with feathered seams.
 *
 * <p>How the seams are feathered: along each axis a tile's weight ramps linearly from near 0 to 1 across the overlap
 * on every side that borders another tile (sides on the picture's border keep weight 1, the model saw real context
 * there). Tile weights are products of an x and a y ramp and the tiles form a grid, so the sum of weights at a pixel
 * is the product of the 1-D sums; the blend divides by those two 1-D arrays instead of keeping a full-size weight
 * plane. Tiles are placed every {@code tile − overlap} pixels, the last one flush with the far edge.
 */
public final class Tiler {
    private Tiler() {}

    /** One tile in input pixels. */
    public record Tile(int x, int y, int width, int height) {}

    /** The model: tile planes in, planes {@code scale}× larger out (the same number of planes). */
    @FunctionalInterface
    public interface TileModel {
        float[][] run(float[][] planes, Tile tile);
    }

    /**
     * @param planes the picture's planes, each {@code width × height}
     * @param tile the tile side in input pixels (tiles are smaller only when the picture is)
     * @param overlap pixels shared by neighbouring tiles, less than {@code tile}
     * @param scale how much larger the model's output is than its input
     * @return the blended output planes, each {@code width·scale × height·scale}
     */
    public static float[][] run(float[][] planes, int width, int height, int tile, int overlap, int scale,
            TileModel model, Progress progress) {
        if (tile <= 0 || overlap < 0 || overlap >= tile || scale <= 0) {
            throw new IllegalArgumentException("bad tiling: tile " + tile + ", overlap " + overlap + ", scale " + scale);
        }
        List<Integer> xs = positions(width, tile, overlap);
        List<Integer> ys = positions(height, tile, overlap);
        int tw = Math.min(tile, width);
        int th = Math.min(tile, height);
        int ow = width * scale;
        int oh = height * scale;
        float[][] out = new float[planes.length][(int) Math.multiplyExact((long) ow, oh)];
        float[] sumX = new float[ow];
        float[] sumY = new float[oh];
        List<float[]> rampX = new ArrayList<>();
        List<float[]> rampY = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            rampX.add(ramp(tw * scale, overlap * scale, i > 0, i < xs.size() - 1));
            accumulate(sumX, xs.get(i) * scale, rampX.get(i));
        }
        for (int j = 0; j < ys.size(); j++) {
            rampY.add(ramp(th * scale, overlap * scale, j > 0, j < ys.size() - 1));
            accumulate(sumY, ys.get(j) * scale, rampY.get(j));
        }
        int total = xs.size() * ys.size();
        int done = 0;
        float[][] in = new float[planes.length][tw * th];
        for (int j = 0; j < ys.size(); j++) {
            for (int i = 0; i < xs.size(); i++) {
                Tile t = new Tile(xs.get(i), ys.get(j), tw, th);
                progress.report(done / (double) total, "tile " + (done + 1) + "/" + total);
                for (int c = 0; c < planes.length; c++) {
                    for (int y = 0; y < th; y++) {
                        System.arraycopy(planes[c], (t.y() + y) * width + t.x(), in[c], y * tw, tw);
                    }
                }
                float[][] result = model.run(in, t);
                blend(out, ow, result, t, scale, rampX.get(i), rampY.get(j));
                done++;
            }
        }
        for (int c = 0; c < out.length; c++) {
            float[] p = out[c];
            for (int y = 0; y < oh; y++) {
                int row = y * ow;
                for (int x = 0; x < ow; x++) {
                    p[row + x] /= sumX[x] * sumY[y];
                }
            }
        }
        progress.report(1.0, "tiles blended");
        return out;
    }

    /** Tile origins along an axis of {@code length}: every {@code tile − overlap}, the last flush with the end. */
    static List<Integer> positions(int length, int tile, int overlap) {
        List<Integer> out = new ArrayList<>();
        if (length <= tile) {
            out.add(0);
            return out;
        }
        int stride = tile - overlap;
        for (int p = 0; p + tile < length; p += stride) {
            out.add(p);
        }
        out.add(length - tile);
        return out;
    }

    /** 1 in the middle, a linear ramp over {@code overlap} samples on the sides that border another tile. */
    static float[] ramp(int size, int overlap, boolean rampStart, boolean rampEnd) {
        float[] w = new float[size];
        for (int o = 0; o < size; o++) {
            float v = 1f;
            if (rampStart && o < overlap) {
                v = Math.min(v, (o + 0.5f) / overlap);
            }
            if (rampEnd && o >= size - overlap) {
                v = Math.min(v, (size - o - 0.5f) / overlap);
            }
            w[o] = v;
        }
        return w;
    }

    private static void accumulate(float[] sum, int origin, float[] ramp) {
        for (int o = 0; o < ramp.length; o++) {
            sum[origin + o] += ramp[o];
        }
    }

    private static void blend(float[][] out, int ow, float[][] result, Tile t, int scale, float[] wx, float[] wy) {
        int rw = t.width() * scale;
        int rh = t.height() * scale;
        int ox = t.x() * scale;
        int oy = t.y() * scale;
        for (int c = 0; c < out.length; c++) {
            float[] src = result[c];
            if (src.length != rw * rh) {
                throw new IllegalStateException("the tile model gave " + src.length + " samples, expected " + rw
                        + "x" + rh);
            }
            float[] dst = out[c];
            for (int y = 0; y < rh; y++) {
                int d = (oy + y) * ow + ox;
                int s = y * rw;
                float fy = wy[y];
                for (int x = 0; x < rw; x++) {
                    dst[d + x] += src[s + x] * wx[x] * fy;
                }
            }
        }
    }
}
