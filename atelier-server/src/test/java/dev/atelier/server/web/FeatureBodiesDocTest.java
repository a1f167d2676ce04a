package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/features.md shows a request body for every YouCam feature of the live listing, and each body uses only
 * fields the feature reads, with its inputs and required parameters: the doc cannot drift from the effect table.
 */
class FeatureBodiesDocTest {
    private static final Pattern SECTION = Pattern.compile(
            "### `([a-z0-9.\\-]+)` — [^\\n]*\\n\\n`POST ([^`]+)`\\n\\n```json\\n(\\{[^\\n]*\\})\\n```");
    private static final Set<String> WIRE_FIELDS = Set.of("src_file_id", "src_file_ids", "ref_file_id",
            "ref_file_ids", "msk_file_id", "output_ext", "request_id");

    @Test
    void everyFeatureHasABodyThatItsListingAccepts() throws Exception {
        String doc = Files.readString(Path.of("../docs/features.md"));
        JsonMapper json = JsonMapper.builder().build();
        Map<String, JsonNode> documented = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        Matcher m = SECTION.matcher(doc);
        while (m.find()) {
            documented.put(m.group(1), json.readTree(m.group(3)));
            paths.put(m.group(1), m.group(2));
        }
        try (TestServer server = TestServer.start()) {
            JsonNode features = server.client().get("/s2s/v2.0/features").json().path("data").path("features");
            int checked = 0;
            for (JsonNode f : features) {
                String name = f.path("feature").asString();
                if (!f.path("paths").get(0).asString().startsWith("/s2s/")) {
                    continue; // the OpenAI routes take OpenAI's bodies, described in prose
                }
                assertThat(documented).as("docs/features.md has a body for " + name).containsKey(name);
                assertThat(paths.get(name)).isEqualTo(f.path("paths").get(0).asString());
                JsonNode body = documented.get(name);
                Set<String> allowed = new HashSet<>(WIRE_FIELDS);
                for (JsonNode p : f.path("parameters")) {
                    allowed.add(p.path("name").asString());
                    if (p.path("required").asBoolean()) {
                        assertThat(body.has(p.path("name").asString())).as(name + " needs " + p).isTrue();
                    }
                }
                assertThat(body.propertyNames()).as(name).allMatch(allowed::contains);
                JsonNode in = f.path("input");
                assertThat(body.has("src_file_id") || body.has("src_file_ids"))
                        .as(name + " sources").isEqualTo(in.path("sources").path("min").asInt() > 0);
                assertThat(body.has("msk_file_id")).as(name + " mask")
                        .isEqualTo(in.path("masks").path("min").asInt() > 0);
                if (in.path("refs").path("min").asInt() > 0) {
                    assertThat(body.has("ref_file_id") || body.has("ref_file_ids")).as(name + " reference").isTrue();
                }
                checked++;
            }
            assertThat(checked).isGreaterThan(20);
        }
    }
}
