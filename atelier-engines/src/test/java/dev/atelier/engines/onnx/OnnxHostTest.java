package dev.atelier.engines.onnx;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.testing.TestModels;
import dev.atelier.engines.testing.TinyOnnx;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxHostTest {
    private static final long SEED = 7_2026L;
    private static final long[] SHAPE = {1, 3, 8, 8};

    @TempDir
    Path tmp;

    private ModelRegistry registry;

    /** Sigmoid to {@code output}, input + input to {@code side}: two outputs, of which a caller wants one. */
    private static byte[] sigmoidModel() {
        return TinyOnnx.graph()
                .input("input", SHAPE)
                .node("Sigmoid", List.of("input"), List.of("output"))
                .node("Add", List.of("input", "input"), List.of("side"))
                .output("output", SHAPE)
                .output("side", SHAPE)
                .build();
    }

    @BeforeEach
    void setUp() {
        System.out.println("OnnxHostTest seed " + SEED);
        List<ModelManifest> manifests = new ArrayList<>();
        for (String id : List.of("tiny-a", "tiny-b")) {
            manifests.add(TestModels.manifest(tmp.resolve("src"), id, ModelCapability.SALIENT_SEGMENTATION, "test",
                    sigmoidModel(), contract(tensor("input", SHAPE), tensor("output", SHAPE)), 10));
        }
        manifests.add(TestModels.manifest(tmp.resolve("src"), "not-pulled", ModelCapability.SALIENT_SEGMENTATION,
                "test", sigmoidModel(), contract(tensor("input", SHAPE), tensor("output", SHAPE)), 10));
        registry = new ModelRegistry(tmp.resolve("models"), manifests,
                RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString())));
        registry.pull("tiny-a", false, ProgressListener.none());
        registry.pull("tiny-b", false, ProgressListener.none());
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static OnnxSettings settings() {
        return OnnxSettings.defaults().withIntraOpThreads(1).withMemoryBudgetBytes(64L << 20);
    }

    private static float[] randomInput(SplittableRandom random) {
        float[] v = new float[3 * 8 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 8 - 4);
        }
        return v;
    }

    private static Inference<float[]> sigmoid(OnnxHost host, String id, float[] input) {
        return host.run(id, List.of(TensorSpec.of("input", SHAPE)), (name, buffer) -> buffer.put(input),
                List.of(TensorSpec.of("output", SHAPE)), outputs -> {
                    assertThat(outputs).containsOnlyKeys("output");
                    float[] out = new float[input.length];
                    outputs.get("output").get(out);
                    return out;
                });
    }

    @Test
    void runComputesOnlyTheRequestedOutput() {
        float[] input = randomInput(new SplittableRandom(SEED));
        try (OnnxHost host = new OnnxHost(registry, settings())) {
            Inference<float[]> result = sigmoid(host, "tiny-a", input);
            for (int i = 0; i < input.length; i++) {
                assertThat(result.value()[i]).isCloseTo((float) (1 / (1 + Math.exp(-input[i]))), org.assertj.core.data.Offset.offset(1e-6f));
            }
            assertThat(result.info().device()).isEqualTo(Device.CPU);
            assertThat(result.info().sessionCreated()).isTrue();
            assertThat(result.info().modelId()).isEqualTo("tiny-a");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(OnnxSettings.Optimization.class)
    void everyOptimisationLevelOpensAndComputesTheSameResult(OnnxSettings.Optimization level) {
        float[] input = randomInput(new SplittableRandom(SEED));
        try (OnnxHost host = new OnnxHost(registry, settings().withOptimization(level))) {
            Inference<float[]> result = sigmoid(host, "tiny-a", input);
            for (int i = 0; i < input.length; i++) {
                assertThat(result.value()[i]).isCloseTo((float) (1 / (1 + Math.exp(-input[i]))),
                        org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void sessionAndBuffersAreReusedBetweenRuns() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<FloatBuffer> seen = new ArrayList<>();
        try (OnnxHost host = new OnnxHost(registry, settings())) {
            for (int run = 0; run < 3; run++) {
                float[] input = randomInput(random);
                Inference<float[]> r = host.run("tiny-a", List.of(TensorSpec.of("input", SHAPE)), (name, buffer) -> {
                    seen.add(buffer);
                    buffer.put(input);
                }, List.of(TensorSpec.of("output", SHAPE)), outputs -> {
                    float[] out = new float[input.length];
                    outputs.get("output").get(out);
                    return out;
                });
                assertThat(r.info().sessionCreated()).isEqualTo(run == 0);
                assertThat(r.value()[5]).isCloseTo((float) (1 / (1 + Math.exp(-input[5]))), org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
        assertThat(seen.get(1)).isSameAs(seen.get(0));
        assertThat(seen.get(2)).isSameAs(seen.get(0));
    }

    @Test
    void idleSessionIsClosedAndReopenedOnNextUse() {
        float[] input = randomInput(new SplittableRandom(SEED));
        try (OnnxHost host = new OnnxHost(registry, settings().withIdleTimeout(Duration.ofMillis(100)))) {
            sigmoid(host, "tiny-a", input);
            await().atMost(Duration.ofSeconds(10)).until(() -> !host.isLoaded("tiny-a"));
            Inference<float[]> again = sigmoid(host, "tiny-a", input);
            assertThat(again.info().sessionCreated()).isTrue();
        }
    }

    @Test
    void oneModelRunsOneInferenceAtATime() throws Exception {
        assertConcurrencyBounded(settings(), List.of("tiny-a"), 1);
    }

    @Test
    void memoryBudgetSerialisesRunsAcrossModels() throws Exception {
        // Each run claims 10 MiB of working memory plus its tensors: a 12 MiB budget admits one at a time.
        assertConcurrencyBounded(settings().withMemoryBudgetBytes(12L << 20).withPerModelConcurrency(4),
                List.of("tiny-a", "tiny-b"), 1);
    }

    @Test
    void budgetLargeEnoughLetsTwoModelsRunTogether() throws Exception {
        // The positive control for the two tests above: the bound is the semaphores, not the test.
        assertThat(maxConcurrency(settings().withMemoryBudgetBytes(64L << 20), List.of("tiny-a", "tiny-b")))
                .isEqualTo(2);
    }

    private void assertConcurrencyBounded(OnnxSettings s, List<String> ids, int bound) throws Exception {
        assertThat(maxConcurrency(s, ids)).isEqualTo(bound);
    }

    private static final int THREADS = 8;

    /** Runs 8 inferences per model from 8 threads; a writer holds until all threads are in or a peer joined it. */
    private int maxConcurrency(OnnxSettings s, List<String> ids) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        int total = 8 * ids.size();
        try (OnnxHost host = new OnnxHost(registry, s);
                ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String id = ids.get(i % ids.size());
                futures.add(pool.submit(() -> {
                    started.incrementAndGet();
                    host.run(id, List.of(TensorSpec.of("input", SHAPE)), (name, buffer) -> {
                        int now = inside.incrementAndGet();
                        max.accumulateAndGet(now, Math::max);
                        // Hold the run open until every worker thread has tried to start one (or a peer joined us).
                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> started.get() >= THREADS || inside.get() > 1);
                        inside.decrementAndGet();
                    }, List.of(TensorSpec.of("output", SHAPE)), outputs -> null);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return max.get();
    }

    @Test
    void missingModelIsReportedWithThePullCommand() {
        try (OnnxHost host = new OnnxHost(registry, settings())) {
            Availability a = host.availability("not-pulled");
            assertThat(a).isEqualTo(Availability.missing("model not-pulled is not installed",
                    "run: ./atelier models pull not-pulled"));
            assertThat(host.availability("tiny-a").isAvailable()).isTrue();
            assertThatThrownBy(() -> sigmoid(host, "not-pulled", new float[192]))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                        assertThat(e.getMessage()).contains("./atelier models pull not-pulled");
                    });
        }
    }

    @Test
    void wrongInputNameFailsAsAnInferenceError() {
        try (OnnxHost host = new OnnxHost(registry, settings())) {
            assertThatThrownBy(() -> host.run("tiny-a", List.of(TensorSpec.of("image", SHAPE)), (n, b) -> {},
                    List.of(TensorSpec.of("output", SHAPE)), outputs -> null))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE));
            // The failure does not poison the model.
            assertThat(sigmoid(host, "tiny-a", new float[192]).value()[0]).isEqualTo(0.5f);
        }
    }

    @Test
    void cudaRequestedIsEitherUsedOrReportedNeverSilent() {
        try (OnnxHost host = new OnnxHost(registry, settings().withCuda(true))) {
            RunInfo info = sigmoid(host, "tiny-a", new float[192]).info();
            if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA) && info.device() == Device.CUDA) {
                assertThat(info.deviceNote()).isEmpty();
            } else {
                assertThat(info.device()).isEqualTo(Device.CPU);
                assertThat(info.deviceNote()).contains("CUDA requested").contains("ran on CPU");
            }
        }
    }
}
