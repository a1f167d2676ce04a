package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15, over real HTTP: v2 integer fields are JSON integers in range, and no number, however large, reaches a
 * server error (CONTRACTS: 400 {@code InvalidParameters}, "bad/missing params"; an unknown field is {@code
 * BadRequest}, {@link FieldErrorsTest}). The legacy family reads integers leniently but refuses what is out of range
 * the same way.
 */
class StrictInputsTest {
    private static final String HUGE = "123456789012345678901234567890";
    private static TestServer server;
    private static TestClient c;
    private static String src;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        c = server.client();
        src = YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertInvalid(TestClient.Response r, String message) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("status").asInt()).isEqualTo(400);
        assertThat(r.json().path("error_code").asString()).isEqualTo("InvalidParameters");
        assertThat(r.json().path("error").asString()).contains(message);
    }

    @ParameterizedTest(name = "v2 scale {0}")
    @CsvSource(delimiter = '|', value = {
            "\"2\"                              | scale must be a JSON integer, got \"2\"",
            "2.0                                | scale must be a JSON integer within 32 bits, got 2.0",
            "4.5                                | scale must be a JSON integer within 32 bits, got 4.5",
            "123456789012345678901234567890     | scale must be a JSON integer within 32 bits, got 1234567890",
            "4294967298                         | scale must be a JSON integer within 32 bits, got 4294967298",
            "-1                                 | scale must be one of [1, 2, 4], got -1",
            "3                                  | scale must be one of [1, 2, 4], got 3",
            "true                               | scale must be a JSON integer, got true",
            "null                               | scale is required"})
    void v2IntegersAreJsonIntegersInRange(String scale, String message) {
        assertInvalid(c.postRaw("/s2s/v2.0/task/enhance", "{\"src_file_id\":\"" + src + "\",\"scale\":" + scale
                + "}"), message);
    }

    /** Without the test client: its OpenAPI check cannot read 1e400 (beyond a double) at all. */
    @Test
    void aNumberBeyondADoubleIsRefusedNotAServerError() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/s2s/v2.0/task/enhance"))
                        .header("Authorization", "Bearer " + server.key().apiKey())
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"src_file_id\":\"" + src + "\",\"scale\":1e400}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"error_code\":\"InvalidParameters\"")
                .contains("scale must be a JSON integer within 32 bits");
    }

    @Test
    void v2RequestIdsBeyond64BitsAreRefusedNotAServerError() {
        assertInvalid(c.postRaw("/s2s/v2.0/task/enhance", "{\"src_file_id\":\"" + src + "\",\"scale\":2,"
                + "\"request_id\":" + HUGE + "}"), "request_id must be a non-negative 64-bit integer");
        assertInvalid(c.postRaw("/s2s/v2.0/task/enhance", "{\"src_file_id\":\"" + src + "\",\"scale\":2,"
                + "\"request_id\":\"7\"}"), "request_id must be a non-negative 64-bit integer");
    }

    private static String legacy(String requestId, String actionId, String scale) {
        return "{\"request_id\":" + requestId + ",\"payload\":{\"file_sets\":{\"src_ids\":[\"" + src + "\"]},"
                + "\"actions\":[{\"id\":" + actionId + ",\"params\":{\"scale\":" + scale + "}}]}}";
    }

    @Test
    void legacyBodiesReadIntegersLenientlyButRefuseWhatIsOutOfRange() {
        TestClient.Response lenient = c.postRaw("/s2s/v1.0/task/enhance", legacy("1", "0", "\"2\""));
        assertThat(lenient.status()).as("legacy \"2\" still means 2: " + lenient).isEqualTo(200);
        TestClient.Response fraction = c.postRaw("/s2s/v1.0/task/enhance", legacy("2", "0", "2.0"));
        assertThat(fraction.status()).as("legacy 2.0 still means 2: " + fraction).isEqualTo(200);

        assertInvalid(c.postRaw("/s2s/v1.0/task/enhance", legacy("3", "0", HUGE)), "scale must be an integer");
        assertInvalid(c.postRaw("/s2s/v1.0/task/enhance", legacy("4", "0", "1e400")), "scale must be an integer");
        assertInvalid(c.postRaw("/s2s/v1.0/task/enhance", legacy(HUGE, "0", "2")),
                "request_id must be a non-negative 64-bit integer");
        assertInvalid(c.postRaw("/s2s/v1.0/task/enhance", legacy("5", HUGE, "2")),
                "payload.actions[0].id must be a 32-bit integer");
    }
}
