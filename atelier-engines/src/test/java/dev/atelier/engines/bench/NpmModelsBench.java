package dev.atelier.engines.bench;

import dev.atelier.engines.Progress;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.engines.onnx.tfjs.TfjsToOnnx;
import dev.atelier.engines.superres.RealEsrganUpscaling;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmarks of the npm TF.js models for bench/README.md, one model per JVM so peak RSS is that model's. Not a test:
 * run it alone, with the models installed (the real-model tests pull them), as bench/README.md shows:
 * {@code java -cp <test classpath> dev.atelier.engines.bench.NpmModelsBench MODEL [enhance|enhance-only]}
 * ({@code enhance-only} skips conversion and the 256² inferences, so the peak RSS is the enhance's own).
 */
public final class NpmModelsBench {
    private NpmModelsBench() {}

    public static void main(String[] args) throws Exception {
        String id = args[0];
        try (ModelRegistry registry = RealModels.registry();
                OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults())) {
            var m = registry.manifest(id).orElseThrow();
            boolean only = args.length > 1 && args[1].equals("enhance-only");
            Path dir = registry.path(id).getParent();
            long[] convert = new long[only ? 0 : 3];
            for (int i = 0; i < convert.length; i++) {
                long t0 = System.nanoTime();
                TfjsToOnnx.convert(dir.resolve(m.mainFile().name()));
                convert[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            var in = m.contract().inputs().getFirst();
            var out = m.contract().outputs().getFirst();
            int scale = id.contains("-x4") ? 4 : id.contains("-x2") ? 2 : 1;
            long[] inShape = id.startsWith("esrgan") ? new long[] {1, 256, 256, 3} : in.shapeArray();
            long[] outShape = id.startsWith("esrgan") ? new long[] {1, 256L * scale, 256L * scale, 3} : out.shapeArray();
            float[] input = new float[Math.toIntExact(Arrays.stream(inShape).reduce(1, Math::multiplyExact))];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) ((0.5 + 0.5 * Math.sin(i * 0.013)) * in.range());
            }
            long[] infer = new long[only ? 0 : 4];
            for (int i = 0; i < infer.length; i++) {
                long t0 = System.nanoTime();
                host.run(id, List.of(TensorSpec.of(in.name(), inShape)), (n, b) -> b.put(input),
                        List.of(TensorSpec.of(out.name(), outShape)), o -> o.get(out.name()).get());
                infer[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            System.out.printf("%s: convert %s ms; inference %s ms per %s (first includes session creation)%n", id,
                    Arrays.toString(convert), Arrays.toString(infer), Arrays.toString(inShape));
            if (args.length > 1 && args[1].startsWith("enhance")) {
                Image photo = RealModels.photo("building.jpg");
                double k = Math.sqrt(1_000_000.0 / (photo.width() * photo.height()));
                Image oneMp = Resample.resize(photo, (int) Math.round(photo.width() * k),
                        (int) Math.round(photo.height() * k), Resample.Kernel.LANCZOS3);
                long t0 = System.nanoTime();
                var r = new RealEsrganUpscaling(host, id, scale).upscale(oneMp, scale, Progress.none());
                System.out.printf("%s: enhance x%d of %dx%d -> %dx%d end to end %d ms (%s)%n", id, scale,
                        oneMp.width(), oneMp.height(), r.image().width(), r.image().height(),
                        (System.nanoTime() - t0) / 1_000_000, r.metadata());
            }
            String status = Files.readString(Path.of("/proc/self/status"));
            status.lines().filter(l -> l.startsWith("VmHWM")).forEach(l -> System.out.println(id + ": peak RSS " + l));
        }
    }
}
