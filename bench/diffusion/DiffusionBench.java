import dev.atelier.engines.classical.ClassicalUpscaling;
import dev.atelier.engines.diffusion.LocalDiffusion;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.TinyDiffusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The diffusion pipeline's own cost per denoising step, on tiny bundles whose graphs are nearly free (the UNet is one
 * 1x1 convolution): tokenizer, tensor conversion in and out of ONNX Runtime, the scheduler arithmetic on 4x64x64
 * latents, guidance, progress. "Loop ms per step" is the denoising loop's own time (the pipeline's unet_ms) over 20
 * steps, so the text encoder, VAE and PNG encoding are out; the tiny UNet's own evaluation stays in (an upper bound
 * on the overhead). Whole-image times at 4 and 20 steps are given beside it.
 * Usage: java -cp CP bench/diffusion/DiffusionBench.java [runs]
 */
public class DiffusionBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = Files.createTempDirectory("atelier-diffusion-bench-");
        Path models = root.resolve("models");
        var lcm = new TinyDiffusion.Variant(false, false, true, false, 8, false, TinyDiffusion.LCM_CONFIG, 512);
        var sd = new TinyDiffusion.Variant(false, false, false, false, 8, false, TinyDiffusion.SD_CONFIG, 512);
        var sdFp16 = new TinyDiffusion.Variant(true, true, false, false, 8, true, TinyDiffusion.SD_CONFIG, 512);
        try (ModelRegistry registry = new ModelRegistry(models, List.of(), RegistrySettings.fromEnvironment(Map.of()))) {
            registry.importBundle(TinyDiffusion.write(root.resolve("lcm"), lcm), "tiny-lcm", false,
                    ProgressListener.none());
            registry.importBundle(TinyDiffusion.write(root.resolve("sd"), sd), "tiny-sd", false,
                    ProgressListener.none());
            registry.importBundle(TinyDiffusion.write(root.resolve("sd16"), sdFp16), "tiny-sd-fp16-batch1", false,
                    ProgressListener.none());
            OnnxSettings settings = OnnxSettings.fromEnvironment(Map.of("ATELIER_ONNX_THREADS",
                    System.getenv().getOrDefault("THREADS", "2")));
            try (LocalDiffusion local = new LocalDiffusion(registry, settings, new ClassicalUpscaling(), false)) {
                System.out.println("| bundle | scheduler | CFG | image ms, 4 steps | image ms, 20 steps | loop ms per step"
                        + " (median, 20 steps) |");
                System.out.println("|---|---|---|---|---|---|");
                row(local, "tiny-lcm", "lcm", runs);
                row(local, "tiny-lcm", "euler", runs);
                row(local, "tiny-sd", "dpmpp-2m", runs);
                row(local, "tiny-sd", "euler-ancestral", runs);
                row(local, "tiny-sd-fp16-batch1", "ddim", runs);
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                System.out.println("peak RSS " + line.replaceAll("\\s+", " "));
            }
        }
    }

    private static void row(LocalDiffusion local, String bundle, String scheduler, int runs) {
        double four = median(local, bundle, scheduler, 4, runs);
        double twenty = median(local, bundle, scheduler, 20, runs);
        List<Double> perStep = new ArrayList<>();
        GenerationResult r = null;
        for (int i = 0; i < runs; i++) {
            r = generate(local, bundle, scheduler, 20);
            perStep.add(((Number) r.details().get("unet_ms")).doubleValue() / 20);
        }
        Collections.sort(perStep);
        System.out.printf("| %s | %s | %s | %.0f | %.0f | %.1f |%n", bundle, scheduler, r.details().get("cfg"), four,
                twenty, perStep.get(perStep.size() / 2));
    }

    private static double median(LocalDiffusion local, String bundle, String scheduler, int steps, int runs) {
        generate(local, bundle, scheduler, steps); // warm-up: sessions, JIT
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            generate(local, bundle, scheduler, steps);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }

    private static GenerationResult generate(LocalDiffusion local, String bundle, String scheduler, int steps) {
        return local.generate(GenerationRequest.builder("a lighthouse at dusk").negativePrompt("people")
                .model(bundle).size(512, 512).seed(7L).steps(steps).guidance(steps > 0 ? 7.5 : null)
                .extra("scheduler", scheduler).build(), null);
    }
}
