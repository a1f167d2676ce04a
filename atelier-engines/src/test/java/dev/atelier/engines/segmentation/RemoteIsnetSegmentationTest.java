package dev.atelier.engines.segmentation;

import static dev.atelier.engines.testing.TestModels.contract;
import static dev.atelier.engines.testing.TestModels.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.models.ModelCapability;
import dev.atelier.engines.models.ModelManifest;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.onnx.RemoteInferenceSettings;
import dev.atelier.engines.testing.TestModels;
import dev.atelier.engines.testing.TinyOnnx;
import dev.atelier.imaging.Image;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ISNet engine with its model on a KServe v2 server: a small HTTP server in the test implements the Open Inference
 * Protocol's ready and infer routes by running real ONNX Runtime on the same tiny model Atelier runs locally.
 */
class RemoteIsnetSegmentationTest {
    private static final long SEED = 20_261_122L;
    private static final long[] IN = {1, 3, 1024, 1024};
    private static final long[] OUT = {1, 1, 1024, 1024};
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "t0ken-for-the-test";

    @TempDir
    Path tmp;

    private ModelRegistry registry;
    private OnnxHost local;
    private V2Server server;

    /** output = sigmoid(4 · mean over channels − 2): a soft mask, so differences in values would show. */
    private static byte[] softBrightnessModel() {
        return TinyOnnx.graph()
                .input("input", IN)
                .constant("gain", new float[] {4f}, 1)
                .constant("bias", new float[] {-2f}, 1)
                .node("ReduceMean", List.of("input"), List.of("mean"), "axes", new long[] {1}, "keepdims", 1L)
                .node("Mul", List.of("mean", "gain"), List.of("scaled"))
                .node("Add", List.of("scaled", "bias"), List.of("logit"))
                .node("Sigmoid", List.of("logit"), List.of("output"))
                .output("output", OUT)
                .build();
    }

    @BeforeEach
    void setUp() throws Exception {
        System.out.println("RemoteIsnetSegmentationTest seed " + SEED);
        byte[] model = softBrightnessModel();
        List<ModelManifest> manifests = new ArrayList<>();
        manifests.add(TestModels.manifest(tmp.resolve("src"), "isnet-local", ModelCapability.SALIENT_SEGMENTATION,
                "isnet", model, contract(tensor("input", IN), tensor("output", OUT)), 64));
        registry = new ModelRegistry(tmp.resolve("models"), manifests,
                RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString())));
        registry.pull("isnet-local", false, ProgressListener.none());
        local = new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(1));
        server = new V2Server(Map.of("isnet", model));
    }

    @AfterEach
    void tearDown() {
        server.stop();
        local.close();
        registry.close();
    }

    /** A host that runs {@code isnet-remote} (unknown to the local registry) on the test server as {@code isnet}. */
    private OnnxHost remoteHost(URI url) {
        return new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(1),
                RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_URL", url.toString(),
                        "ATELIER_INFERENCE_MODELS", "isnet-remote=isnet", "ATELIER_INFERENCE_TOKEN", TOKEN,
                        "ATELIER_INFERENCE_TIMEOUT", "30")));
    }

    private static Image randomPhoto(int width, int height) {
        SplittableRandom random = new SplittableRandom(SEED);
        Image photo = Image.create(width, height, 3);
        for (int c = 0; c < 3; c++) {
            float[] plane = photo.plane(c);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) random.nextDouble();
            }
        }
        return photo;
    }

    @Test
    void remoteMaskMatchesTheLocalOneAndTheRequestFollowsTheProtocol() {
        server.ready.add("isnet");
        Image photo = randomPhoto(300, 200);
        Segmentation.Result here = new IsnetSegmentation(local, "isnet-local").segment(photo, Progress.none());
        try (OnnxHost remote = remoteHost(server.url())) {
            IsnetSegmentation engine = new IsnetSegmentation(remote, "isnet-remote");
            assertThat(engine.availability().isAvailable()).isTrue();
            Segmentation.Result there = engine.segment(photo, Progress.none());

            float[] a = here.mask().plane(0);
            float[] b = there.mask().plane(0);
            assertThat(b).hasSameSizeAs(a);
            double maxDiff = 0;
            double sumSq = 0;
            for (int i = 0; i < a.length; i++) {
                double d = Math.abs(a[i] - b[i]);
                maxDiff = Math.max(maxDiff, d);
                sumSq += d * d;
            }
            double psnr = sumSq == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / (sumSq / a.length));
            assertThat(maxDiff).isLessThanOrEqualTo(1 / 255.0 + 1e-6);
            assertThat(psnr).isGreaterThan(60);
            // the mask is not flat: the comparison above is not between two constants
            double min = 1;
            double max = 0;
            for (float v : b) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(max - min).isGreaterThan(0.2);

            assertThat(there.metadata()).containsEntry("engine", "onnx:isnet-remote").containsEntry("device", "remote")
                    .containsEntry("model", "isnet-remote");
            assertThat(there.metadata().get("device_note")).contains(server.url().toString()).contains("isnet");

            JsonNode sent = server.lastInfer;
            assertThat(server.lastPath).isEqualTo("/v2/models/isnet/infer");
            assertThat(server.lastAuthorization).isEqualTo("Bearer " + TOKEN);
            assertThat(sent.path("inputs")).hasSize(1);
            JsonNode input = sent.path("inputs").get(0);
            assertThat(input.path("name").asString()).isEqualTo("input");
            assertThat(input.path("datatype").asString()).isEqualTo("FP32");
            assertThat(longs(input.path("shape"))).containsExactly(IN);
            assertThat(input.path("data").size()).isEqualTo(3 * 1024 * 1024);
            assertThat(sent.path("outputs")).hasSize(1);
            assertThat(sent.path("outputs").get(0).path("name").asString()).isEqualTo("output");
        }
    }

    @Test
    void nestedOutputDataReadsLikeFlatData() {
        server.ready.add("isnet");
        Image photo = randomPhoto(120, 80);
        try (OnnxHost remote = remoteHost(server.url())) {
            IsnetSegmentation engine = new IsnetSegmentation(remote, "isnet-remote");
            float[] flat = engine.segment(photo, Progress.none()).mask().plane(0);
            server.nested = true;
            float[] nested = engine.segment(photo, Progress.none()).mask().plane(0);
            assertThat(nested).containsExactly(flat, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void remoteRunsKeepThePerModelConcurrencyBound() throws Exception {
        server.ready.add("isnet");
        try (OnnxHost remote = remoteHost(server.url());
                var pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
            IsnetSegmentation engine = new IsnetSegmentation(remote, "isnet-remote");
            List<java.util.concurrent.Future<Segmentation.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> engine.segment(randomPhoto(40, 30), Progress.none())));
            }
            for (var run : runs) {
                assertThat(run.get().metadata()).containsEntry("device", "remote");
            }
        }
        assertThat(server.inferCallCount.get()).isEqualTo(3);
        assertThat(server.maxInFlight.get()).isEqualTo(1); // ATELIER_ONNX_MODEL_CONCURRENCY defaults to 1
    }

    @Test
    void aModelTheServerDoesNotReportReadyIsUnavailable() {
        try (OnnxHost remote = remoteHost(server.url())) {
            IsnetSegmentation engine = new IsnetSegmentation(remote, "isnet-remote");
            Availability a = engine.availability();
            assertThat(a.isAvailable()).isFalse();
            assertThat(a.describe()).contains("not ready").contains(server.url().toString())
                    .contains("ATELIER_INFERENCE_MODELS");
            assertThatThrownBy(() -> engine.segment(randomPhoto(32, 32), Progress.none()))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE));
            assertThat(server.inferCallCount.get()).isZero();
        }
    }

    @Test
    void aServerThatIsDownIsAnInferenceErrorNamingIt() {
        URI url = server.url();
        server.stop();
        try (OnnxHost remote = remoteHost(url)) {
            IsnetSegmentation engine = new IsnetSegmentation(remote, "isnet-remote");
            assertThat(engine.availability().isAvailable()).isFalse();
            assertThatThrownBy(() -> engine.segment(randomPhoto(32, 32), Progress.none()))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                        assertThat(e.getMessage()).contains(url.toString()).contains("cannot be reached");
                    });
        }
    }

    @Test
    void theServersErrorMessageIsPassedOn() {
        server.ready.add("isnet");
        server.failWith = "model 'isnet' failed: out of GPU memory";
        try (OnnxHost remote = remoteHost(server.url())) {
            IsnetSegmentation engine = new IsnetSegmentation(remote, "isnet-remote");
            assertThatThrownBy(() -> engine.segment(randomPhoto(32, 32), Progress.none()))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_INFERENCE);
                        assertThat(e.getMessage()).contains("out of GPU memory").contains(server.url().toString());
                    });
        }
    }

    private static long[] longs(JsonNode array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asLong();
        }
        return v;
    }

    /** The v2 ready and infer routes over real ONNX Runtime sessions; records what Atelier sent. */
    private static final class V2Server {
        final Set<String> ready = ConcurrentHashMap.newKeySet();
        final Map<String, byte[]> models;
        final HttpServer http;
        volatile JsonNode lastInfer;
        volatile String lastPath;
        volatile String lastAuthorization;
        volatile String failWith;
        /** Answer tensors nested by dimension (the protocol allows both forms) instead of flat. */
        volatile boolean nested;
        final java.util.concurrent.atomic.AtomicInteger inferCallCount = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        private boolean stopped;

        V2Server(Map<String, byte[]> models) throws IOException {
            this.models = models;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/v2/models/", this::handle);
            // handles requests in parallel, so only Atelier's own bound can keep them one at a time
            http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            http.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                http.stop(0);
                ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String[] parts = path.split("/");
                String name = parts.length == 5 ? parts[3] : "";
                if (!models.containsKey(name)) {
                    answer(exchange, 404, JSON.createObjectNode().put("error", "unknown model '" + name + "'"));
                } else if (path.endsWith("/ready") && "GET".equals(exchange.getRequestMethod())) {
                    answer(exchange, ready.contains(name) ? 200 : 400, JSON.createObjectNode());
                } else if (path.endsWith("/infer") && "POST".equals(exchange.getRequestMethod())) {
                    inferCallCount.incrementAndGet();
                    lastPath = path;
                    lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
                    JsonNode request = JSON.readTree(exchange.getRequestBody());
                    lastInfer = request;
                    if (failWith != null) {
                        answer(exchange, 400, JSON.createObjectNode().put("error", failWith));
                        return;
                    }
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        answer(exchange, 200, infer(models.get(name), request, nested));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                } else {
                    answer(exchange, 405, JSON.createObjectNode().put("error", "no such route"));
                }
            } catch (OrtException e) {
                answer(exchange, 400, JSON.createObjectNode().put("error", e.getMessage()));
            }
        }

        private static ObjectNode infer(byte[] model, JsonNode request, boolean nested) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
                Map<String, OnnxTensor> inputs = new java.util.LinkedHashMap<>();
                try {
                    for (JsonNode in : request.path("inputs")) {
                        JsonNode data = in.path("data");
                        FloatBuffer values = FloatBuffer.allocate(data.size());
                        data.forEach(v -> values.put(v.floatValue()));
                        inputs.put(in.path("name").asString(),
                                OnnxTensor.createTensor(env, values.flip(), longs(in.path("shape"))));
                    }
                    Set<String> wanted = new java.util.LinkedHashSet<>();
                    request.path("outputs").forEach(o -> wanted.add(o.path("name").asString()));
                    ObjectNode response = JSON.createObjectNode();
                    ArrayNode outputs = response.putArray("outputs");
                    try (OrtSession.Result result = session.run(inputs, wanted)) {
                        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                            OnnxTensor t = (OnnxTensor) e.getValue();
                            ObjectNode o = outputs.addObject();
                            o.put("name", e.getKey());
                            ArrayNode shape = o.putArray("shape");
                            for (long d : t.getInfo().getShape()) {
                                shape.add(d);
                            }
                            o.put("datatype", "FP32");
                            FloatBuffer fb = t.getFloatBuffer();
                            long[] dims = t.getInfo().getShape();
                            o.set("data", nested ? nestedData(fb, dims, 0) : nestedData(fb, new long[] {fb.remaining()}, 0));
                        }
                    }
                    return response;
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }

        private static ArrayNode nestedData(FloatBuffer values, long[] dims, int axis) {
            ArrayNode array = JSON.createArrayNode();
            for (long i = 0; i < dims[axis]; i++) {
                if (axis == dims.length - 1) {
                    array.add(values.get());
                } else {
                    array.add(nestedData(values, dims, axis + 1));
                }
            }
            return array;
        }

        private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
