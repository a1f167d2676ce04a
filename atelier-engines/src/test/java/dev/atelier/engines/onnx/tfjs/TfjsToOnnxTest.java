package dev.atelier.engines.onnx.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tiny TF.js models covering every operator and layer the importer converts, with the outputs TF.js itself computed
 * for them on its CPU backend ({@code bench/tfjs-reference/tiny-models.js} wrote both; the numbers are TF.js's, not
 * ours). Each model is converted and run on ONNX Runtime; every output must match TF.js to float precision.
 */
class TfjsToOnnxTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIXTURES = "/dev/atelier/engines/onnx/tfjs/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"graph-ops", "layers-free-size", "layers-dense", "layers-dense-uint8", "layers-dense-float16"})
    void convertedModelGivesWhatTfjsComputed(String fixture) throws Exception {
        Path model = copy(fixture);
        assertMatchesTfjs(TfjsToOnnx.convert(model.resolve("model.json")), expected(fixture));
    }

    @Test
    void javascriptWrappedFilesAreUnwrappedAsNsfwjsShipsThem() throws Exception {
        Path model = copy("graph-ops");
        // nsfwjs's shape: model.min.js exports an object literal with bare keys and !0/!1; each shard a base64 string.
        String json = Files.readString(model.resolve("model.json"));
        String literal = json.replaceAll("\"([A-Za-z_][A-Za-z0-9_]*)\":", "$1:").replace("true", "!0")
                .replace("false", "!1").replace(":0.", ":.");
        Files.writeString(model.resolve("model.min.js"), "!function(t){module.exports=t()}(function(){return {1:[function(r,e,a){e.exports="
                + literal + "},{}]}});");
        Files.writeString(model.resolve("weights.min.js"), "!function(d){d.exports=d()}(function(){e.exports=\""
                + Base64.getEncoder().encodeToString(Files.readAllBytes(model.resolve("weights.bin"))) + "\"});");
        Files.delete(model.resolve("weights.bin"));
        Files.delete(model.resolve("model.json"));
        Files.writeString(model.resolve("model.min.js"),
                Files.readString(model.resolve("model.min.js")).replace("\"weights.bin\"", "\"weights\""));
        assertMatchesTfjs(TfjsToOnnx.convert(model.resolve("model.min.js")), expected("graph-ops"));
    }

    @Test
    void anUnsupportedOperatorIsNamedAtConversion() throws Exception {
        Path model = copy("graph-ops");
        Files.writeString(model.resolve("model.json"), Files.readString(model.resolve("model.json"))
                .replace("\"op\":\"Tanh\"", "\"op\":\"Erf\""));
        assertThatThrownBy(() -> TfjsToOnnx.convert(model.resolve("model.json")))
                .isInstanceOf(TfjsException.class).hasMessageContaining("Erf").hasMessageContaining("th");
    }

    @Test
    void anUnsupportedLayerIsNamedAtConversion() throws Exception {
        Path model = copy("layers-dense");
        Files.writeString(model.resolve("model.json"), Files.readString(model.resolve("model.json"))
                .replace("\"class_name\":\"Dropout\"", "\"class_name\":\"GaussianNoise\""));
        assertThatThrownBy(() -> TfjsToOnnx.convert(model.resolve("model.json")))
                .isInstanceOf(TfjsException.class).hasMessageContaining("GaussianNoise").hasMessageContaining("bdrop");
    }

    @Test
    void truncatedWeightsAreRefused() throws Exception {
        Path model = copy("layers-dense");
        byte[] w = Files.readAllBytes(model.resolve("weights.bin"));
        Files.write(model.resolve("weights.bin"), java.util.Arrays.copyOf(w, w.length - 8));
        assertThatThrownBy(() -> TfjsToOnnx.convert(model.resolve("model.json")))
                .isInstanceOf(TfjsException.class).hasMessageContaining("end inside weight");
    }

    @Test
    void samePaddingPutsTheExtraPixelAtTheEnd() {
        // 8 wide, kernel 3, stride 2: 4 outputs need 9 columns, so 1 pixel of padding, after the image (TensorFlow).
        assertThat(Emitter.samePads(8, 3, 2, 1)).containsExactly(0, 1);
        assertThat(Emitter.samePads(7, 3, 2, 1)).containsExactly(1, 1);
        assertThat(Emitter.samePads(-1, 5, 1, 1)).containsExactly(2, 2);
        assertThat(Emitter.samePads(-1, 3, 2, 1)).isNull();
    }

    private Path copy(String fixture) throws Exception {
        Path target = Files.createDirectories(dir.resolve(fixture));
        for (String f : List.of("model.json", "weights.bin")) {
            try (var in = getClass().getResourceAsStream(FIXTURES + fixture + "/" + f)) {
                Files.write(target.resolve(f), in.readAllBytes());
            }
        }
        return target;
    }

    private JsonNode expected(String fixture) throws Exception {
        try (var in = getClass().getResourceAsStream(FIXTURES + fixture + "/expected.json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The pattern tiny-models.js feeds: sin(0.37·x·(c+1) + 0.23·y + 0.5·c), NHWC. */
    static float[] pattern(int h, int w, int c) {
        float[] a = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    a[(y * w + x) * c + k] = (float) Math.sin(0.37 * x * (k + 1) + 0.23 * y + 0.5 * k);
                }
            }
        }
        return a;
    }

    private static void assertMatchesTfjs(byte[] onnx, JsonNode expected) throws Exception {
        JsonNode in = expected.path("input");
        long[] shape = {in.get(0).asLong(), in.get(1).asLong(), in.get(2).asLong(), in.get(3).asLong()};
        float[] input = pattern((int) shape[1], (int) shape[2], (int) shape[3]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape)) {
            String inputName = s.getInputNames().iterator().next();
            List<String> names = new ArrayList<>(s.getOutputNames());
            try (OrtSession.Result r = s.run(Map.of(inputName, x))) {
                for (JsonNode out : expected.path("outputs").values()) {
                    String name = out.has("name") ? out.path("name").asString() : names.getFirst();
                    OnnxValue v = r.get(name).orElseThrow(() -> new AssertionError("no output " + name + " in " + names));
                    OnnxTensor t = (OnnxTensor) v;
                    long[] expectedShape = new long[out.path("shape").size()];
                    for (int i = 0; i < expectedShape.length; i++) {
                        expectedShape[i] = out.path("shape").get(i).asLong();
                    }
                    assertThat(t.getInfo().getShape()).as(name + " shape").containsExactly(expectedShape);
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] got = new float[fb.remaining()];
                    fb.get(got);
                    JsonNode values = out.path("values");
                    assertThat(got).as(name + " size").hasSize(values.size());
                    double maxDiff = 0;
                    for (int i = 0; i < got.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(got[i] - values.get(i).asDouble()));
                    }
                    assertThat(maxDiff).as(name + " max |ONNX − TF.js|").isLessThan(2e-5);
                }
            }
        }
    }
}
