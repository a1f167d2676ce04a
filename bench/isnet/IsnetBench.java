import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.segmentation.IsnetSegmentation;
import dev.atelier.imaging.Image;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * ISNet background removal: Atelier end to end (IsnetSegmentation on OnnxHost: pre-processing, inference,
 * post-processing) against bare ONNX Runtime inference on the same model, same options; median of N after one warm-up,
 * and peak resident memory (VmHWM) of the process.
 *
 * Usage: java -cp ... IsnetBench.java bare|e2e|e2e-arena runs photo...
 *        java -cp ... IsnetBench.java compare 0 photo...   (compares with photo's "<name>.node.png" in $NODE_OUT)
 */
public class IsnetBench {
    static final int THREADS = Integer.parseInt(System.getenv().getOrDefault("THREADS", "2"));
    /** Same default as OnnxSettings: off. */
    static final boolean MEMORY_PATTERN = "true".equals(System.getenv("MEMPATTERN"));

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int runs = Integer.parseInt(args[1]);
        String[] photos = Arrays.copyOfRange(args, 2, args.length);
        RegistrySettings settings = RegistrySettings.fromEnvironment();
        try (ModelRegistry registry = new ModelRegistry(settings.cacheDir().resolve("models"), settings)) {
            Path model = registry.path("isnet-fp16");
            System.out.printf("mode=%s threads=%d memory-pattern=%s runs=%d cores=%d%n", mode, THREADS,
                    MEMORY_PATTERN, runs, Runtime.getRuntime().availableProcessors());
            switch (mode) {
                case "bare" -> bare(model, runs, photos);
                case "e2e" -> e2e(registry, false, runs, photos);
                case "e2e-arena" -> e2e(registry, true, runs, photos);
                case "compare" -> compare(registry, photos);
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.out.printf("peak RSS %d MiB%n", peakRssKb() / 1024);
    }

    static void bare(Path model, int runs, String[] photos) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(THREADS);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setCPUArenaAllocator(false);
            o.setMemoryPatternOptimization(MEMORY_PATTERN);
            try (OrtSession session = env.createSession(model.toString(), o)) {
                for (String photo : photos) {
                    Image img = load(photo);
                    FloatBuffer in = ByteBuffer.allocateDirect(3 * 1024 * 1024 * 4).order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
                    // Nearest-neighbour stretch: the content does not change the cost of a CNN.
                    for (int c = 0; c < 3; c++) {
                        float[] p = img.plane(c);
                        for (int y = 0; y < 1024; y++) {
                            int sy = y * img.height() / 1024;
                            for (int x = 0; x < 1024; x++) {
                                in.put((Math.round(p[sy * img.width() + x * img.width() / 1024] * 255) - 128) / 256f);
                            }
                        }
                    }
                    in.rewind();
                    long[] times = new long[runs];
                    try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {1, 3, 1024, 1024})) {
                        for (int r = -1; r < runs; r++) {
                            long t0 = System.nanoTime();
                            try (OrtSession.Result res = session.run(java.util.Map.of("input", t), Set.of("output"))) {
                                ((OnnxTensor) res.get(0)).getFloatBuffer();
                            }
                            if (r >= 0) {
                                times[r] = System.nanoTime() - t0;
                            }
                        }
                    }
                    report(photo, img, "bare inference", times);
                }
            }
        }
    }

    static void e2e(ModelRegistry registry, boolean arena, int runs, String[] photos) throws Exception {
        OnnxSettings s = OnnxSettings.defaults().withIntraOpThreads(THREADS).withCpuArena(arena)
                .withMemoryPattern(MEMORY_PATTERN);
        try (OnnxHost host = new OnnxHost(registry, s)) {
            IsnetSegmentation engine = new IsnetSegmentation(host, "isnet-fp16");
            for (String photo : photos) {
                Image img = load(photo);
                long[] times = new long[runs];
                long[] inference = new long[runs];
                for (int r = -1; r < runs; r++) {
                    long t0 = System.nanoTime();
                    Segmentation.Result result = engine.segment(img, Progress.none());
                    if (r >= 0) {
                        times[r] = System.nanoTime() - t0;
                        inference[r] = Long.parseLong(result.metadata().get("inference_ms")) * 1_000_000;
                    }
                }
                long[] overhead = new long[runs];
                for (int r = 0; r < runs; r++) {
                    overhead[r] = times[r] - inference[r];
                }
                report(photo, img, "end to end" + (arena ? " (arena on)" : ""), times);
                report(photo, img, "  of which inference", inference);
                report(photo, img, "  overhead (e2e - inference)", overhead);
            }
        }
    }

    /** Atelier's mask against the Node peer's (the alpha of its raw RGBA cutout): IoU at 0.5, mean and max absolute difference. */
    static void compare(ModelRegistry registry, String[] photos) throws Exception {
        String nodeOut = System.getenv().getOrDefault("NODE_OUT", "/tmp/atelier-node-peer");
        try (OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(THREADS))) {
            IsnetSegmentation engine = new IsnetSegmentation(host, "isnet-fp16");
            for (String photo : photos) {
                Image img = load(photo);
                float[] ours = engine.segment(img, Progress.none()).mask().plane(0);
                // Raw RGBA from the package's "image/x-rgba8" output: the mask is the alpha byte, untouched by a codec.
                byte[] node = Files.readAllBytes(Path.of(nodeOut, new File(photo).getName() + ".node.rgba"));
                long inter = 0;
                long union = 0;
                long equal = 0;
                double sumDiff = 0;
                int maxDiff = 0;
                for (int y = 0; y < img.height(); y++) {
                    for (int x = 0; x < img.width(); x++) {
                        int a = Math.round(ours[y * img.width() + x] * 255);
                        int b = node[4 * (y * img.width() + x) + 3] & 0xff;
                        inter += a >= 128 && b >= 128 ? 1 : 0;
                        union += a >= 128 || b >= 128 ? 1 : 0;
                        equal += a == b ? 1 : 0;
                        sumDiff += Math.abs(a - b);
                        maxDiff = Math.max(maxDiff, Math.abs(a - b));
                    }
                }
                long n = (long) img.width() * img.height();
                System.out.printf("%-14s mask IoU vs node %.5f  identical pixels %.4f%%  mean |diff| %.4f  max |diff| %d%n",
                        new File(photo).getName(), inter / (double) union, 100.0 * equal / n, sumDiff / n, maxDiff);
            }
        }
    }

    static void report(String photo, Image img, String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-14s %4dx%-4d %-28s median %7.0f ms  (min %.0f, max %.0f)  RSS now %d MiB%n",
                new File(photo).getName(), img.width(), img.height(), what, sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, rssKb() / 1024);
    }

    static Image load(String file) throws Exception {
        BufferedImage b = ImageIO.read(new File(file));
        int w = b.getWidth();
        int h = b.getHeight();
        int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
        Image img = Image.create(w, h, 3);
        for (int i = 0; i < argb.length; i++) {
            img.plane(0)[i] = ((argb[i] >> 16) & 0xff) / 255f;
            img.plane(1)[i] = ((argb[i] >> 8) & 0xff) / 255f;
            img.plane(2)[i] = (argb[i] & 0xff) / 255f;
        }
        return img;
    }

    static long peakRssKb() throws Exception {
        return status("VmHWM:");
    }

    static long rssKb() {
        try {
            return status("VmRSS:");
        } catch (Exception e) {
            return -1;
        }
    }

    static long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
