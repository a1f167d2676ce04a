package dev.atelier.imaging.bench;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.composite.Background;
import dev.atelier.imaging.filter.Blur;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Gaussian blur of one 12 MP plane, and the lens blur of a 12 MP background behind a subject matte. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class BlurBenchmark {
    private Image photo;
    private Image matte;

    @Setup
    public void load() {
        photo = BenchImages.enlarged(BenchImages.photo("plant.jpg"), 12);
        Image smallMatte = BenchImages.photo("plant_matte.png");
        matte = Image.wrap(photo.width(), photo.height(),
                dev.atelier.imaging.Resample.resize(Image.wrap(smallMatte.width(), smallMatte.height(), smallMatte.plane(0)),
                        photo.width(), photo.height(), dev.atelier.imaging.Resample.Kernel.BILINEAR).plane(0));
    }

    @Benchmark
    public float[] gaussianSigma5Plane12Mp() {
        return Blur.gaussian(photo.plane(1), photo.width(), photo.height(), 5);
    }

    @Benchmark
    public Image backgroundBlur12MpIntensity60() {
        return Background.blur(photo, matte, 60);
    }
}
