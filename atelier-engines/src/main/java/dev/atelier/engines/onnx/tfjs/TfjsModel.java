package dev.atelier.engines.onnx.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A TF.js model as the converter wrote it: the {@code model.json} topology and its named weights, decoded from the
 * shards listed in {@code weightsManifest} (fp32, int32, or quantised: {@code uint8}/{@code uint16} with
 * {@code min}/{@code scale}, {@code float16}). A file ending in {@code .js} is unwrapped first (see {@link JsLiteral}).
 */
final class TfjsModel {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Bounds what a corrupt manifest can make us allocate (the largest npm model we pin is ~30 MB). */
    private static final long MAX_WEIGHT_BYTES = 512L << 20;

    /** One weight: float data (int32 weights are stored as their float values, exactly up to 2^24) and its shape. */
    record Weight(float[] data, int[] shape) {
        int size() {
            return data.length;
        }
    }

    final String format;
    final JsonNode topology;
    final JsonNode signature;
    final Map<String, Weight> weights;

    private TfjsModel(String format, JsonNode topology, JsonNode signature, Map<String, Weight> weights) {
        this.format = format;
        this.topology = topology;
        this.signature = signature;
        this.weights = weights;
    }

    static TfjsModel read(Path modelFile) {
        JsonNode root;
        try {
            String text = Files.readString(modelFile, StandardCharsets.UTF_8);
            root = JSON.readTree(modelFile.toString().endsWith(".js") ? JsLiteral.objectAsJson(text) : text);
        } catch (IOException e) {
            throw new TfjsException("cannot read " + modelFile + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new TfjsException(modelFile.getFileName() + " is not a TF.js model.json: " + e.getOriginalMessage());
        }
        JsonNode topology = root.path("modelTopology");
        if (!topology.isObject()) {
            throw new TfjsException(modelFile.getFileName() + " has no modelTopology");
        }
        String format = root.path("format").asString("");
        if (format.isEmpty()) {
            format = topology.has("node") ? "graph-model" : "layers-model";
        }
        Map<String, Weight> weights = new HashMap<>();
        long total = 0;
        for (JsonNode group : root.path("weightsManifest").values()) {
            ByteBuffer data = groupBytes(modelFile.getParent(), group.path("paths"));
            for (JsonNode w : group.path("weights").values()) {
                Weight weight = decode(w, data);
                total += weight.size() * 4L;
                if (total > MAX_WEIGHT_BYTES) {
                    throw new TfjsException("the weights add up to more than " + (MAX_WEIGHT_BYTES >> 20) + " MiB");
                }
                weights.put(w.path("name").asString(), weight);
            }
            if (data.hasRemaining()) {
                throw new TfjsException("weight group " + group.path("paths") + " has " + data.remaining()
                        + " bytes the manifest does not describe");
            }
        }
        JsonNode signature = root.path("userDefinedMetadata").path("signature");
        if (signature.isMissingNode()) {
            signature = root.path("signature");
        }
        return new TfjsModel(format, topology, signature, weights);
    }

    /** The shards of one weight group, concatenated in order. */
    private static ByteBuffer groupBytes(Path dir, JsonNode paths) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (JsonNode p : paths.values()) {
            String name = p.asString();
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new TfjsException("weight shard path " + name + " leaves the model directory");
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                file = Files.isRegularFile(dir.resolve(name + ".min.js")) ? dir.resolve(name + ".min.js")
                        : dir.resolve(name + ".js");
            }
            try {
                if (file.toString().endsWith(".js")) {
                    all.writeBytes(JsLiteral.exportedBase64(Files.readString(file, StandardCharsets.US_ASCII)));
                } else {
                    all.writeBytes(Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new TfjsException("cannot read weight shard " + name + ": " + e.getMessage());
            }
        }
        return ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Weight decode(JsonNode w, ByteBuffer data) {
        String name = w.path("name").asString();
        int[] shape = new int[w.path("shape").size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = w.path("shape").get(i).asInt();
            n *= shape[i];
        }
        if (n < 0 || n > MAX_WEIGHT_BYTES) {
            throw new TfjsException("weight " + name + " has a bad shape " + Arrays.toString(shape));
        }
        float[] out = new float[(int) n];
        JsonNode q = w.path("quantization");
        String dtype = q.isObject() ? q.path("dtype").asString() : w.path("dtype").asString();
        int bytesEach = switch (dtype) {
            case "float32", "int32" -> 4;
            case "uint16", "float16" -> 2;
            case "uint8" -> 1;
            default -> throw new TfjsException("weight " + name + " has the unsupported dtype " + dtype);
        };
        if (data.remaining() < n * bytesEach) {
            throw new TfjsException("the weight shards end inside weight " + name);
        }
        // Dequantised in double then rounded once, as TF.js does (its arithmetic is JavaScript's).
        double min = q.path("min").asDouble(0);
        double scale = q.path("scale").asDouble(1);
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case "float32" -> data.getFloat();
                case "int32" -> data.getInt();
                case "float16" -> Float.float16ToFloat(data.getShort());
                case "uint16" -> (float) ((data.getShort() & 0xffff) * scale + min);
                default -> (float) ((data.get() & 0xff) * scale + min);
            };
        }
        return new Weight(out, shape);
    }
}
