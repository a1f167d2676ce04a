package dev.atelier.imaging.inpaint;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.bench.BenchImages;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inner kernel of inpainting — the 7×7×3 sum of squared differences between two patches (full, without the
 * early exit) — and a whole inpainting of a 48-pixel hole in a 512² photo. Lives in the inpaint package to reach
 * the package-private kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class PatchDistanceBenchmark {
    private static final int PAIRS = 4096;
    private PatchMatch field;
    private int[] a;
    private int[] b;
    private Image photo;
    private Image mask;

    @Setup
    public void load() {
        photo = BenchImages.photo("astronaut.png");
        int w = photo.width();
        int h = photo.height();
        float[] px = new float[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                px[i * 3 + c] = photo.plane(c)[i];
            }
        }
        Level level = new Level(w, h, 3, Inpaint.RADIUS, px, new boolean[w * h], new boolean[w * h]);
        field = new PatchMatch(level);
        SplittableRandom rnd = new SplittableRandom(42);
        a = new int[PAIRS];
        b = new int[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            a[i] = level.sources[rnd.nextInt(level.sources.length)];
            b[i] = level.sources[rnd.nextInt(level.sources.length)];
        }
        mask = Image.create(w, h, 1);
        for (int y = 300; y < 348; y++) {
            for (int x = 200; x < 248; x++) {
                mask.set(0, x, y, 1f);
            }
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PAIRS)
    public float patchDistance7x7Rgb() {
        float s = 0;
        for (int i = 0; i < PAIRS; i++) {
            s += field.distance(a[i], b[i], Float.MAX_VALUE);
        }
        return s;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Image inpaint48pxHoleIn512Photo() {
        return Inpaint.inpaint(photo, mask);
    }
}
