package dev.atelier.imaging.bench;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resampling a 12 MP picture to 1024 px wide (thumbnail / model input) and enlarging 1 MP ×2; and the whole thumbnail
 * pipeline from a 12 MP JPEG (shrink-on-load decode, Lanczos pass, JPEG encode), as vipsthumbnail runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class ResizeBenchmark {
    @Param({"LANCZOS3", "MITCHELL", "BILINEAR"})
    public Resample.Kernel kernel;

    private Image twelveMegapixels;
    private Image oneMegapixel;
    private byte[] twelveMegapixelJpeg;

    @Setup
    public void load() {
        Image photo = BenchImages.photo("astronaut.png");
        twelveMegapixels = BenchImages.enlarged(photo, 12);
        oneMegapixel = BenchImages.enlarged(photo, 1);
        twelveMegapixelJpeg = Codecs.encode(twelveMegapixels, ImageFormat.JPEG, 92);
    }

    @Benchmark
    public byte[] thumbnail12MpJpegTo1024() {
        int h = (int) Math.round(1024.0 * twelveMegapixels.height() / twelveMegapixels.width());
        Image decoded = Codecs.decodeForSize(twelveMegapixelJpeg, DecodeLimits.defaults(), 1024, h);
        return Codecs.encode(Resample.resize(decoded, 1024, h, kernel), ImageFormat.JPEG, 90);
    }

    @Benchmark
    public Image shrink12MpTo1024() {
        int h = (int) Math.round(1024.0 * twelveMegapixels.height() / twelveMegapixels.width());
        return Resample.resize(twelveMegapixels, 1024, h, kernel);
    }

    @Benchmark
    public Image enlarge1MpTimes2() {
        return Resample.resize(oneMegapixel, oneMegapixel.width() * 2, oneMegapixel.height() * 2, kernel);
    }
}
