package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /s2s/v2.0/features} over real HTTP, validated against openapi.yaml by the test client. */
class FeaturesRouteTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode listing() {
        TestClient.Response r = server.anonymous().get("/s2s/v2.0/features");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        return r.json().path("data");
    }

    private static JsonNode feature(JsonNode listing, String id) {
        for (JsonNode f : listing.path("features")) {
            if (f.path("feature").asString().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + id + " in " + listing);
    }

    @Test
    void listsEnhanceWithPathsParametersLimitsFormatsAndAvailabilityWithoutACredential() {
        JsonNode data = listing();
        JsonNode enhance = feature(data, "enhance");

        assertThat(enhance.path("paths").toString()).contains("/s2s/v2.0/task/enhance", "/s2s/v2.1/task/enhance");
        assertThat(enhance.path("input").path("sources").path("min").asInt()).isEqualTo(1);
        assertThat(enhance.path("input").path("masks").path("max").asInt()).isZero();
        assertThat(enhance.path("input").path("max_long_side").asInt()).isEqualTo(4096);
        JsonNode scale = enhance.path("parameters").get(0);
        assertThat(scale.path("name").asString()).isEqualTo("scale");
        assertThat(scale.path("type").asString()).isEqualTo("integer");
        assertThat(scale.path("required").asBoolean()).isTrue();
        assertThat(scale.path("enum").toString()).isEqualTo("[1,2,4]");
        assertThat(enhance.path("output_formats").toString()).isEqualTo("[\"jpg\",\"webp\",\"png\"]");
        assertThat(enhance.path("default_output_format").asString()).isEqualTo("jpg");
        assertThat(enhance.path("unit_cost").asInt()).isEqualTo(2);
        assertThat(enhance.path("availability").path("available").asBoolean()).isTrue();

        // Every engine enhance names is listed with enhance among what it unlocks; the classical one is built in.
        java.util.List<JsonNode> enhancers = data.path("engines").valueStream()
                .filter(e -> enhance.path("engines").valueStream().anyMatch(id -> id.asString().equals(e.path("id")
                        .asString()))).toList();
        assertThat(enhancers).hasSize(enhance.path("engines").size())
                .allSatisfy(e -> assertThat(e.path("features").toString()).contains("\"enhance\""))
                .anySatisfy(e -> {
                    assertThat(e.path("kind").asString()).isEqualTo("classical");
                    assertThat(e.path("availability").path("available").asBoolean()).isTrue();
                });

        JsonNode limits = data.path("limits");
        assertThat(limits.path("max_upload_bytes").asLong()).isEqualTo(10L << 20);
        assertThat(limits.path("polling_interval").asLong()).isEqualTo(1000);
        assertThat(limits.path("polling_window").asLong()).isEqualTo(10_000);
        assertThat(limits.path("content_types").toString()).contains("image/jpeg", "image/png");
    }

    /**
     * The listing is a promise about the run route: every value it offers for a parameter is accepted, and a value
     * outside it is refused with InvalidParameters. Checked for every available feature that takes one source image.
     */
    @Test
    void everyListedParameterValueIsAcceptedByTheRunRouteAndOthersAreRefused() {
        TestClient client = server.client();
        String fileId = upload(client);
        int checked = 0;
        for (JsonNode f : listing().path("features")) {
            JsonNode in = f.path("input");
            boolean singleSource = in.path("sources").path("min").asInt() == 1 && in.path("refs").path("min").asInt() == 0
                    && in.path("masks").path("min").asInt() == 0;
            if (!singleSource || !f.path("availability").path("available").asBoolean() || f.path("paths").isEmpty()) {
                continue; // unavailable features are refused at submit (FeatureUnavailable) whatever the values
            }
            String path = f.path("paths").get(0).asString();
            for (JsonNode p : f.path("parameters")) {
                List<Object> values = new ArrayList<>();
                p.path("enum").forEach(v -> values.add(v.isNumber() ? v.numberValue() : v.asString()));
                for (Object value : values) {
                    Map<String, Object> body = baseBody(f, fileId);
                    body.put(p.path("name").asString(), value);
                    TestClient.Response r = client.post(path, body);
                    assertThat(r.status()).as("%s %s=%s: %s", path, p.path("name").asString(), value, r).isEqualTo(200);
                    checked++;
                }
                if (!values.isEmpty() && p.path("type").asString().equals("integer")) {
                    Map<String, Object> body = baseBody(f, fileId);
                    body.put(p.path("name").asString(), 3);
                    TestClient.Response r = client.post(path, body);
                    assertThat(r.status()).as(r.toString()).isEqualTo(400);
                    assertThat(r.json().path("error_code").asString()).isEqualTo("InvalidParameters");
                    assertThat(r.json().path("error").asString()).contains(p.path("name").asString());
                }
            }
        }
        assertThat(checked).as("enhance's scale values at least").isGreaterThanOrEqualTo(3);
    }

    private static Map<String, Object> baseBody(JsonNode feature, String fileId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (feature.path("input").path("sources").path("max").asInt() > 1) {
            body.put("src_file_ids", List.of(fileId)); // image-to-image takes a list
        } else {
            body.put("src_file_id", fileId);
        }
        for (JsonNode p : feature.path("parameters")) {
            // Required choices take their first value; so does template_id, whose listed values are those that can
            // run here (image-to-image lists only the classical filters when no generator is configured).
            if ((p.path("required").asBoolean() || p.path("name").asString().equals("template_id")) && p.has("enum")) {
                JsonNode v = p.path("enum").get(0);
                body.put(p.path("name").asString(), v.isNumber() ? v.numberValue() : v.asString());
            } else if (p.path("required").asBoolean() && p.path("type").asString().equals("string")) {
                body.put(p.path("name").asString(), "x");
            }
        }
        return body;
    }

    private static String upload(TestClient client) {
        byte[] png = TestImages.png(24, 24);
        TestClient.Response slot = client.post("/s2s/v2.0/file", Map.of("files",
                List.of(Map.of("content_type", "image/png", "file_name", "p.png", "file_size", png.length))));
        JsonNode file = slot.json().path("data").path("files").get(0);
        TestClient.Response put = TestClient.put(file.path("requests").get(0).path("url").asString(), png,
                Map.of("Content-Type", "image/png"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return file.path("file_id").asString();
    }
}
