package dev.atelier.engines.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engines.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TilerTest {
    private static final long SEED = 20261122L;

    private static float[][] randomPlanes(int channels, int w, int h) {
        System.out.println("TilerTest seed " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        float[][] p = new float[channels][w * h];
        for (float[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) r.nextDouble();
            }
        }
        return p;
    }

    /** Nearest-neighbour enlargement: what a ×s model that only copies pixels gives. */
    private static float[][] nearest(float[][] planes, int w, int h, int s) {
        float[][] out = new float[planes.length][w * s * h * s];
        for (int c = 0; c < planes.length; c++) {
            for (int y = 0; y < h * s; y++) {
                for (int x = 0; x < w * s; x++) {
                    out[c][y * w * s + x] = planes[c][(y / s) * w + x / s];
                }
            }
        }
        return out;
    }

    @Test
    void aModelThatAgreesAcrossTilesGivesTheSameResultAsOneRun() {
        for (int[] size : new int[][] {{300, 200}, {64, 64}, {65, 33}, {17, 250}}) {
            int w = size[0];
            int h = size[1];
            float[][] in = randomPlanes(3, w, h);
            List<Tiler.Tile> seen = new ArrayList<>();
            float[][] out = Tiler.run(in, w, h, 64, 8, 2, (planes, t) -> {
                seen.add(t);
                assertThat(planes[0]).hasSize(t.width() * t.height());
                return nearest(planes, t.width(), t.height(), 2);
            }, Progress.none());
            float[][] expected = nearest(in, w, h, 2);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < expected[c].length; i++) {
                    assertThat(out[c][i]).isCloseTo(expected[c][i], within(1e-5f));
                }
            }
            // Every tile is whole (the model always sees the same size) and inside the picture.
            for (Tiler.Tile t : seen) {
                assertThat(t.width()).isEqualTo(Math.min(64, w));
                assertThat(t.height()).isEqualTo(Math.min(64, h));
                assertThat(t.x() + t.width()).isLessThanOrEqualTo(w);
                assertThat(t.y() + t.height()).isLessThanOrEqualTo(h);
            }
        }
    }

    @Test
    void seamsBetweenDisagreeingTilesAreFeatheredAcrossTheOverlap() {
        // Each tile answers a constant: its own column index. Without feathering the output would jump by 1 at a
        // seam; with it, it changes by at most 1/overlap from one pixel to the next.
        int w = 200;
        int h = 40;
        int overlap = 16;
        float[][] out = Tiler.run(new float[1][w * h], w, h, 64, overlap, 1, (planes, t) -> {
            float[] p = new float[t.width() * t.height()];
            java.util.Arrays.fill(p, t.x() / 48f);
            return new float[][] {p};
        }, Progress.none());
        float maxStep = 0;
        for (int x = 1; x < w; x++) {
            maxStep = Math.max(maxStep, Math.abs(out[0][20 * w + x] - out[0][20 * w + x - 1]));
        }
        assertThat(maxStep).isLessThanOrEqualTo(1.05f / overlap);
        assertThat(out[0][20 * w]).isEqualTo(0f);
        assertThat(out[0][20 * w + w - 1]).isCloseTo(136 / 48f, within(1e-5f));
    }

    @Test
    void tilesAreSpacedByTileMinusOverlapWithTheLastFlushToTheEnd() {
        assertThat(Tiler.positions(200, 64, 16)).containsExactly(0, 48, 96, 136);
        assertThat(Tiler.positions(64, 64, 16)).containsExactly(0);
        assertThat(Tiler.positions(10, 64, 16)).containsExactly(0);
    }
}
