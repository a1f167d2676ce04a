package dev.atelier.engines.onnx.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.testing.RealModels;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pinned npm TF.js models, pulled and converted by the registry as an operator's install does, give what TF.js
 * itself computes with the same files: {@code real-models.json} holds TF.js 4.22's CPU-backend outputs on fixed
 * patterns, recorded once by {@code bench/tfjs-reference/real-models.js} (the command is in its header).
 */
class RealTfjsModelsTest {
    private static ModelRegistry registry;
    private static JsonNode reference;

    @BeforeAll
    static void open() throws Exception {
        registry = RealModels.registry();
        try (var in = RealTfjsModelsTest.class.getResourceAsStream("/dev/atelier/engines/onnx/tfjs/real-models.json")) {
            reference = JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"esrgan-slim-x2", "esrgan-slim-x4", "esrgan-medium-x2", "esrgan-medium-x4",
        "nsfw-mobilenet-v2", "age-ssrnet"})
    void convertedModelGivesWhatTfjsComputes(String id) throws Exception {
        RealModels.require(registry, id);
        JsonNode ref = null;
        for (JsonNode m : reference.path("models").values()) {
            if (m.path("id").asString().equals(id)) {
                ref = m;
            }
        }
        assertThat(ref).as("reference for " + id).isNotNull();
        ModelManifest manifest = registry.manifest(id).orElseThrow();
        IoContract.Tensor in = manifest.contract().inputs().getFirst();
        IoContract.Tensor out = manifest.contract().outputs().getFirst();
        long[] shape = new long[4];
        for (int i = 0; i < 4; i++) {
            shape[i] = ref.path("input").get(i).asLong();
        }
        float[] input = pattern((int) shape[1], (int) shape[2], (int) shape[3], in.range() / 255);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx = Files.readAllBytes(registry.path(id));
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result r = s.run(Map.of(in.name(), x))) {
            OnnxTensor y = (OnnxTensor) r.get(out.name()).orElseThrow();
            long[] expectedShape = new long[ref.path("shape").size()];
            for (int i = 0; i < expectedShape.length; i++) {
                expectedShape[i] = ref.path("shape").get(i).asLong();
            }
            assertThat(y.getInfo().getShape()).containsExactly(expectedShape);
            FloatBuffer fb = y.getFloatBuffer();
            float[] got = new float[fb.remaining()];
            fb.get(got);
            int every = ref.path("every").asInt();
            double maxDiff = 0;
            double sum = 0;
            double scale = 0;
            JsonNode sampled = ref.path("sampled");
            for (int i = 0; i < got.length; i++) {
                sum += got[i];
                if (i % every == 0) {
                    double want = sampled.get(i / every).asDouble();
                    maxDiff = Math.max(maxDiff, Math.abs(got[i] - want));
                    scale = Math.max(scale, Math.abs(want));
                }
            }
            System.out.printf("%s: max |ONNX - TF.js| = %.3g over %d sampled values (largest %.4g)%n", id, maxDiff,
                    sampled.size(), scale);
            // float32 through tens of layers in another order of summation: agreement to ~1e-5 of the value range.
            assertThat(maxDiff).isLessThan(Math.max(scale, 1) * 2e-5);
            assertThat(sum).isCloseTo(ref.path("sum").asDouble(), org.assertj.core.data.Offset.offset(
                    Math.abs(ref.path("sum").asDouble()) * 1e-5 + 1e-5));
        }
    }

    /** The pattern real-models.js feeds: (127.5 + 127.5·sin(0.21·x·(c+1) + 0.13·y + c)) × scale, NHWC. */
    static float[] pattern(int h, int w, int c, double scale) {
        float[] a = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    a[(y * w + x) * c + k] = (float) ((127.5 + 127.5 * Math.sin(0.21 * x * (k + 1) + 0.13 * y + k))
                            * scale);
                }
            }
        }
        return a;
    }
}
