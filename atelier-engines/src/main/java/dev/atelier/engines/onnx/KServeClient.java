package dev.atelier.engines.onnx;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the Open Inference Protocol's REST binding (KServe v2, served by KServe and Triton): model readiness and
 * FP32 inference with JSON tensors. Redirects are not followed (the URL is the operator's, not a user's), responses are
 * bounded in size, and the bearer token is only sent to the configured server.
 */
final class KServeClient {
    private static final EngineCode ERROR = EngineCode.ERROR_INFERENCE;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** JSON floats take about 12 bytes each; this bounds a response to outputs of ~64 M floats. */
    private static final long MAX_RESPONSE_BYTES = 768L << 20;

    private final RemoteInferenceSettings settings;
    private final HttpClient http;

    KServeClient(RemoteInferenceSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String server() {
        return String.valueOf(settings.baseUrl());
    }

    /** Whether the server says the model is ready; a server that cannot be reached is an {@code error_inference}. */
    boolean ready(String remoteName) {
        HttpResponse<InputStream> response = send(request(remoteName, "ready").GET().build(), remoteName);
        try (InputStream body = response.body()) {
            body.readNBytes(64 * 1024);
        } catch (IOException e) {
            // the status is the answer; an unread body does not change it
        }
        return response.statusCode() == 200;
    }

    /**
     * Runs one inference: sends every input as an FP32 tensor and asks for exactly {@code outputs}; fills
     * {@code outputBuffers} (one per requested output, sized to its spec).
     */
    void infer(String modelId, String remoteName, List<TensorSpec> inputs, Map<String, FloatBuffer> inputBuffers,
            List<TensorSpec> outputs, Map<String, FloatBuffer> outputBuffers) {
        byte[] body = requestBody(inputs, inputBuffers, outputs);
        HttpRequest request = request(remoteName, "infer")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response = send(request, remoteName);
        JsonNode answer = readJson(response, remoteName);
        if (response.statusCode() != 200) {
            String message = answer != null && answer.path("error").isString() ? answer.path("error").asString()
                    : "HTTP " + response.statusCode();
            throw new EngineException(ERROR, "model " + modelId + " failed on the inference server " + server()
                    + " (model " + remoteName + "): " + message);
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode o : answer.path("outputs")) {
            byName.put(o.path("name").asString(""), o);
        }
        for (TensorSpec spec : outputs) {
            JsonNode o = byName.get(spec.name());
            if (o == null) {
                throw malformed(modelId, "output " + spec.name() + " is missing");
            }
            long[] shape = new long[o.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = o.path("shape").get(i).asLong();
            }
            if (!Arrays.equals(shape, spec.shape())) {
                throw malformed(modelId, "output " + spec.name() + " has shape " + Arrays.toString(shape)
                        + ", expected " + Arrays.toString(spec.shape()));
            }
            String type = o.path("datatype").asString("");
            if (!"FP32".equals(type) && !"FP16".equals(type) && !"FP64".equals(type)) {
                throw malformed(modelId, "output " + spec.name() + " is " + type + ", expected FP32");
            }
            FloatBuffer target = outputBuffers.get(spec.name());
            target.clear();
            // The protocol allows the data flat or nested by dimension, always in row-major order.
            if (!fill(o.path("data"), target) || target.hasRemaining()) {
                throw malformed(modelId, "output " + spec.name() + " does not hold " + spec.elements()
                        + " numbers (flat or nested)");
            }
            target.clear();
        }
    }

    /** Appends the numbers of a flat or nested array; false when it holds a non-number or more than fits. */
    private static boolean fill(JsonNode data, FloatBuffer target) {
        if (!data.isArray()) {
            return false;
        }
        for (JsonNode v : data) {
            if (v.isArray()) {
                if (!fill(v, target)) {
                    return false;
                }
            } else if (v.isNumber() && target.hasRemaining()) {
                target.put(v.floatValue());
            } else {
                return false;
            }
        }
        return true;
    }

    /** Streams the request JSON: a tree of millions of number nodes would cost several times the tensor's size. */
    private static byte[] requestBody(List<TensorSpec> inputs, Map<String, FloatBuffer> inputBuffers,
            List<TensorSpec> outputs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeArrayPropertyStart("inputs");
            for (TensorSpec spec : inputs) {
                g.writeStartObject();
                g.writeStringProperty("name", spec.name());
                g.writeArrayPropertyStart("shape");
                for (long d : spec.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeStringProperty("datatype", "FP32");
                g.writeArrayPropertyStart("data");
                FloatBuffer b = inputBuffers.get(spec.name()).duplicate().clear();
                while (b.hasRemaining()) {
                    float v = b.get();
                    if (!Float.isFinite(v)) {
                        throw new EngineException(ERROR, "input " + spec.name() + " holds " + v
                                + ", which JSON cannot carry");
                    }
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("outputs");
            for (TensorSpec spec : outputs) {
                g.writeStartObject();
                g.writeStringProperty("name", spec.name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private EngineException malformed(String modelId, String what) {
        return new EngineException(ERROR, "model " + modelId + ": the inference server " + server()
                + " answered a malformed result: " + what);
    }

    private HttpRequest.Builder request(String remoteName, String action) {
        URI uri = URI.create(settings.baseUrl() + "/v2/models/"
                + URLEncoder.encode(remoteName, StandardCharsets.UTF_8).replace("+", "%20") + "/" + action);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        if (!settings.token().isEmpty()) {
            b.header("Authorization", "Bearer " + settings.token());
        }
        return b;
    }

    private HttpResponse<InputStream> send(HttpRequest request, String remoteName) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new EngineException(ERROR, "the inference server " + server() + " cannot be reached for model "
                    + remoteName + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check ATELIER_INFERENCE_URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ERROR, "interrupted while calling the inference server " + server(), e);
        }
    }

    private JsonNode readJson(HttpResponse<InputStream> response, String remoteName) {
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_RESPONSE_BYTES + 1));
        } catch (IOException e) {
            throw new EngineException(ERROR, "reading the answer of the inference server " + server() + " for model "
                    + remoteName + " failed: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new EngineException(ERROR, "the inference server " + server() + " answered more than "
                    + (MAX_RESPONSE_BYTES >> 20) + " MiB for model " + remoteName);
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            if (response.statusCode() == 200) {
                throw new EngineException(ERROR, "the inference server " + server() + " answered non-JSON for model "
                        + remoteName);
            }
            return null;
        }
    }
}
