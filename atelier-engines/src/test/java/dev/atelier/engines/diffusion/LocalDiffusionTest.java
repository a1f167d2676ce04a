package dev.atelier.engines.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.Availability;
import dev.atelier.engines.classical.ClassicalUpscaling;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.testing.TinyDiffusion;
import dev.atelier.engines.testing.TinyDiffusion.Variant;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pipeline and the {@code local} provider over tiny bundles with the optimum export's ports. */
class LocalDiffusionTest {
    private static final long SEED = 424242L;
    private static final DecodeLimits LIMITS = new DecodeLimits(10_000_000L, 64L << 20);

    @TempDir
    Path tmp;

    private ModelRegistry registry;
    private LocalDiffusion local;

    @AfterEach
    void close() {
        if (local != null) {
            local.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private LocalDiffusion install(String id, Variant v) throws Exception {
        Path src = TinyDiffusion.write(tmp.resolve("src-" + id), v);
        registry = new ModelRegistry(tmp.resolve("models"), List.of(),
                RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString())).withCacheDir(tmp.resolve("cache")));
        registry.importBundle(src, id, false, ProgressListener.none());
        local = new LocalDiffusion(registry, OnnxSettings.fromEnvironment(Map.of("ATELIER_ONNX_THREADS", "1")),
                new ClassicalUpscaling(), false);
        return local;
    }

    private static Image decode(GenerationResult r) {
        return Codecs.decode(r.images().getFirst().data(), LIMITS);
    }

    static List<Object[]> variants() {
        return List.of(
                new Object[] {"lcm-fp32-int64", Variant.lcmDreamshaper(), "lcm", 4, false, "fp32"},
                new Object[] {"lcm-fp16-float-t", Variant.lcmDreamshaper().withFp16(true).withFloatTimestep(true),
                        "lcm", 4, false, "fp16"},
                new Object[] {"sd15-fp32", Variant.sd15(), "dpmpp-2m", 20, true, "fp32"},
                new Object[] {"sd2-fp16-batch1", Variant.sd15().withFp16(true).withFloatTimestep(true)
                        .withBatchOne(true).withTextWidth(12), "dpmpp-2m", 20, true, "fp16"},
                new Object[] {"turbo", Variant.sd15().withScheduler(TinyDiffusion.TURBO_CONFIG), "euler", 1, false,
                        "fp32"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyExportVariantDrawsTheAskedSizeAndSaysHow(String id, Variant v, String scheduler, int steps, boolean cfg,
            String precision) throws Exception {
        System.out.println("LocalDiffusionTest seed " + SEED);
        install(id, v);
        assertThat(local.availability().isAvailable()).isTrue();
        assertThat(local.models()).extracting(m -> m.name()).containsExactly(id);
        List<String> stages = new CopyOnWriteArrayList<>();
        GenerationResult r = local.generate(GenerationRequest.builder("a cat").negativePrompt("dog").size(300, 200)
                .seed(SEED).build(), (f, s) -> stages.add(s));
        Image img = decode(r);
        assertThat(img.width()).isEqualTo(300);
        assertThat(img.height()).isEqualTo(200);
        assertThat(r.provider()).isEqualTo("local");
        assertThat(r.seed()).isEqualTo(SEED);
        assertThat(r.details()).containsEntry("scheduler", scheduler).containsEntry("steps", steps)
                .containsEntry("cfg", cfg).containsEntry("precision", precision).containsEntry("seed", SEED)
                .containsEntry("native_size", "320x192").containsKeys("text_encoder_ms", "unet_ms", "vae_decode_ms");
        assertThat(stages.stream().filter(s -> s.startsWith("denoising step"))).hasSize(steps);
        if (v.guidanceInput()) {
            assertThat(r.details()).containsEntry("guidance_embedding", true);
        }
        if (cfg) {
            assertThat(r.details()).containsEntry("unet_batch", v.batchOne() ? 1 : 2);
        }
    }

    @Test
    void theSameSeedGivesIdenticalBytesAndTheWordsReachTheUnet() throws Exception {
        install("sd", Variant.sd15());
        GenerationRequest base = GenerationRequest.builder("a cat").size(128, 128).seed(SEED).steps(4).build();
        byte[] first = local.generate(base, null).images().getFirst().data();
        assertThat(local.generate(base, null).images().getFirst().data()).isEqualTo(first);
        assertThat(local.generate(base.toBuilder().seed(SEED + 1).build(), null).images().getFirst().data())
                .isNotEqualTo(first);
        assertThat(local.generate(GenerationRequest.builder("a dog").size(128, 128).seed(SEED).steps(4).build(), null)
                .images().getFirst().data()).isNotEqualTo(first);
        // classifier-free guidance: the negative prompt changes the picture
        assertThat(local.generate(base.toBuilder().negativePrompt("dog").build(), null).images().getFirst().data())
                .isNotEqualTo(first);
        GenerationResult unseeded = local.generate(GenerationRequest.builder("a cat").size(128, 128).steps(2).build(),
                null);
        assertThat(unseeded.seed()).isNotNull();
        assertThat(unseeded.details().get("seed")).isEqualTo(unseeded.seed());
    }

    @Test
    void guidanceDistilledModelsIgnoreTheNegativePrompt() throws Exception {
        install("lcm", Variant.lcmDreamshaper());
        GenerationRequest base = GenerationRequest.builder("a cat").size(128, 128).seed(SEED).build();
        byte[] plain = local.generate(base, null).images().getFirst().data();
        assertThat(local.generate(base.toBuilder().negativePrompt("dog").build(), null).images().getFirst().data())
                .isEqualTo(plain);
        // ...but the guidance scale reaches the UNet through its embedding
        assertThat(local.generate(base.toBuilder().guidance(2.0).build(), null).images().getFirst().data())
                .isNotEqualTo(plain);
        for (String s : List.of("euler", "euler-ancestral", "ddim", "dpmpp-2m", "dpmpp-2m-karras")) {
            GenerationResult r = local.generate(base.toBuilder().steps(3).extra("scheduler", s).build(), null);
            assertThat(r.details()).as(s).containsEntry("scheduler", s);
        }
        assertThatThrownBy(() -> local.generate(base.toBuilder().extra("scheduler", "pndm").build(), null))
                .hasMessageContaining("unknown scheduler");
    }

    private static EncodedImage png(Image img) {
        return new EncodedImage(Codecs.encodeLossless(img, ImageFormat.PNG), "image/png");
    }

    private static Image gradient(int w, int h) {
        float[][] p = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[0][y * w + x] = (float) x / w;
                p[1][y * w + x] = (float) y / h;
                p[2][y * w + x] = 0.5f;
            }
        }
        return Image.wrap(w, h, p);
    }

    @Test
    void imageToImageEntersTheScheduleAtTheStrength() throws Exception {
        install("sd", Variant.sd15());
        Image source = gradient(160, 120);
        GenerationRequest req = GenerationRequest.builder("a cat").seed(SEED).steps(20).extra("strength", 0.25)
                .build();
        GenerationResult r = local.transform(List.of(png(source)), req, null);
        assertThat(decode(r).width()).isEqualTo(160);
        assertThat(r.details()).containsEntry("denoise_steps", 5).containsEntry("strength", 0.25)
                .containsKey("vae_encode_ms").containsEntry("reference_images_used", 1);
        GenerationResult other = local.transform(List.of(png(gradient(120, 160))), req.toBuilder().size(160, 120)
                .build(), null);
        assertThat(other.images().getFirst().data()).isNotEqualTo(r.images().getFirst().data());
    }

    @ParameterizedTest(name = "nine channels: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void inpaintingKeepsEveryPixelOutsideTheMask(boolean nine) throws Exception {
        install("sd", Variant.sd15().withInpainting(nine));
        int w = 200;
        int h = 150;
        Image source = gradient(w, h);
        float[] m = new float[w * h];
        for (int y = 40; y < 110; y++) {
            for (int x = 50; x < 150; x++) {
                m[y * w + x] = 1;
            }
        }
        GenerationResult r = local.edit(png(source), png(Image.wrap(w, h, m, m, m)),
                GenerationRequest.builder("a cat").seed(SEED).steps(4).build(), null);
        Image out = decode(r);
        Image expected = Codecs.decode(png(source).data(), LIMITS);
        assertThat(out.width()).isEqualTo(w);
        int outsideSame = 0;
        int insideChanged = 0;
        for (int i = 0; i < w * h; i++) {
            boolean same = out.plane(0)[i] == expected.plane(0)[i] && out.plane(1)[i] == expected.plane(1)[i];
            if (m[i] == 0 && same) {
                outsideSame++;
            }
            if (m[i] == 1 && !same) {
                insideChanged++;
            }
        }
        assertThat(outsideSame).isEqualTo(w * h - 100 * 70);
        assertThat(insideChanged).isGreaterThan(100 * 70 * 9 / 10);
        assertThat(r.details()).containsEntry("inpainting", nine ? "9-channel unet" : "masked latent blending");
    }

    @Test
    void aRunIsCancelledBetweenSteps() throws Exception {
        install("sd", Variant.sd15());
        DiffusionBundle bundle = DiffusionBundle.open("sd", registry.directory("sd"));
        List<String> steps = new CopyOnWriteArrayList<>();
        DiffusionJob job = new DiffusionJob(DiffusionJob.Mode.TEXT, "a cat", null, 64, 64, 10, null, SEED, null, 1.0,
                null, null, () -> steps.size() >= 3, (f, s) -> {
                    if (s.startsWith("denoising")) {
                        steps.add(s);
                    }
                });
        assertThatThrownBy(() -> new DiffusionPipeline(bundle, OnnxSettings.defaults(), true).run(job))
                .isInstanceOf(CancellationException.class);
        assertThat(steps).hasSize(3);
        bundle.close();
    }

    @Test
    void oneRunPerBundleTheOthersQueue() throws Exception {
        install("sd", Variant.sd15());
        CountDownLatch hold = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            GenerationRequest req = GenerationRequest.builder("a cat").size(64, 64).seed(SEED).steps(2).build();
            Future<GenerationResult> first = pool.submit(() -> local.generate(req, (f, s) -> {
                if (s.startsWith("denoising step 1/")) {
                    await(hold);
                }
            }));
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> local.bundleTurn("sd").isLocked());
            Future<GenerationResult> second = pool.submit(() -> local.generate(req, null));
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> local.bundleTurn("sd").getQueueLength() == 1);
            assertThat(second.isDone()).isFalse();
            hold.countDown();
            assertThat(first.get(60, TimeUnit.SECONDS).images().getFirst().data())
                    .isEqualTo(second.get(60, TimeUnit.SECONDS).images().getFirst().data());
        } finally {
            hold.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void withoutABundleItSaysHowToGetOne() {
        registry = new ModelRegistry(tmp.resolve("models"), RegistrySettings.fromEnvironment(Map.of("HOME",
                tmp.toString())));
        local = new LocalDiffusion(registry, OnnxSettings.defaults(), new ClassicalUpscaling(), false);
        Availability a = local.availability();
        assertThat(a.isAvailable()).isFalse();
        assertThat(a.describe()).contains("./atelier models pull lcm-dreamshaper-v7")
                .contains("./atelier models import DIR --id NAME");
        assertThat(local.models()).isEmpty();
    }

    @Test
    void nativeSizesKeepTheAspectInMultiplesOf64() {
        assertThat(NativeSize.of(new dev.atelier.engines.generation.ImageSize(1024, 1024), 512))
                .hasToString("512x512");
        assertThat(NativeSize.of(new dev.atelier.engines.generation.ImageSize(1664, 928), 512))
                .hasToString("704x384");
        assertThat(NativeSize.of(new dev.atelier.engines.generation.ImageSize(1536, 1024), 512))
                .hasToString("640x448");
        assertThat(NativeSize.of(new dev.atelier.engines.generation.ImageSize(1328, 1328), 768))
                .hasToString("768x768");
    }
}
