package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./atelier models list} through the built launcher, as a new user runs it: every model pinned from the npm
 * registry (and the DDColor export) is listed with its licence, size and state, in the table and in JSON, and a model
 * installed in between shows as installed.
 */
class ModelsListIT {
    /** The models issue 13 pinned, with the licence each must show. */
    private static final Map<String, String> NEW_MODELS = new LinkedHashMap<>();

    static {
        for (String id : List.of("esrgan-slim-x2", "esrgan-slim-x4", "esrgan-medium-x2", "esrgan-medium-x4",
                "nsfw-mobilenet-v2")) {
            NEW_MODELS.put(id, "MIT");
        }
        NEW_MODELS.put("age-ssrnet", "MIT");
        NEW_MODELS.put("ddcolor-tiny", "Apache-2.0");
    }

    @TempDir
    Path dir;

    private static JsonNode row(JsonNode list, String id) {
        for (JsonNode m : list) {
            if (m.path("id").asString().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("models list has no " + id + ": " + list);
    }

    @Test
    void everyNewModelIsListedWithLicenceSizeAndWhetherItIsInstalled() throws Exception {
        // A tiny model of the operator's own, so one row can be seen flipping to installed without a download.
        byte[] bytes = "a tiny stand-in model".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("tiny.onnx");
        Files.write(file, bytes);
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("tiny-age.json"), """
                {"id": "tiny-age", "description": "test stand-in", "capability": "age-estimation", "family": "age-regression",
                 "license": {"id": "MIT", "url": "https://opensource.org/license/mit", "summary": "test", "permissive": true},
                 "files": [{"name": "model.onnx", "size": %d, "sha256": "%s", "sources": []}],
                 "contract": {"inputs": [{"name": "input", "type": "float32", "shape": [1, 64, 64, 3], "layout": "NHWC"}],
                              "outputs": [{"name": "age", "type": "float32", "shape": [1, 1]}], "preprocessing": "test"}}
                """.formatted(bytes.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(bytes))));
        Map<String, String> env = Map.of("ATELIER_MODEL_MANIFESTS", manifests.toString(),
                "ATELIER_MODELS_DIR", dir.resolve("models").toString());

        Launcher.Launch table = Launcher.run(dir, env, "models", "list");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.stdout().lines().findFirst().orElseThrow())
                .contains("ID", "STATE", "CAPABILITY", "SIZE", "LICENSE");
        for (var e : NEW_MODELS.entrySet()) {
            assertThat(table.stdout().lines().filter(l -> l.startsWith(e.getKey() + " ")).findFirst())
                    .as(e.getKey() + " in\n" + table.stdout())
                    .hasValueSatisfying(l -> assertThat(l).contains("missing", e.getValue()).containsPattern(
                            "\\d+(\\.\\d)? (B|KiB|MiB)"));
        }

        Launcher.Launch json = Launcher.run(dir, env, "models", "list", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        for (var e : NEW_MODELS.entrySet()) {
            JsonNode m = row(json.json(), e.getKey());
            assertThat(m.path("state").asString()).as(m.toString()).isEqualTo("missing");
            assertThat(m.path("license").asString()).as(m.toString()).startsWith(e.getValue());
            assertThat(m.path("size").asLong()).as(m.toString()).isPositive();
        }
        assertThat(row(json.json(), "ddcolor-tiny").path("size").asLong()).isEqualTo(112_723_138L);

        Launcher.Launch imported = Launcher.run(dir, env, "models", "import", file.toString());
        assertThat(imported.exit()).as(imported.toString()).isZero();
        Launcher.Launch after = Launcher.run(dir, env, "models", "list", "--json");
        assertThat(row(after.json(), "tiny-age").path("state").asString()).isEqualTo("installed");
        assertThat(row(after.json(), "age-ssrnet").path("state").asString()).isEqualTo("missing");
    }
}
