package dev.atelier.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Signed webhooks over real HTTP, checked by a receiver with its own verification code. */
class WebhookTest {
    private static final String ADMIN = "admin-token-for-tests-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private TestServer server;
    private Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("ATELIER_ADMIN_TOKEN", ADMIN);
        settings.put("ATELIER_FETCH_ALLOWLIST", "127.0.0.1");
        server = TestServer.start(settings);
        receiver = new Receiver(() -> server.clock().instant());
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    private TestClient admin() {
        return server.anonymous().withToken(ADMIN);
    }

    private String addEndpoint() {
        TestClient.Response r = admin().post("/admin/v1/keys/" + server.key().name() + "/webhooks", Map.of("url", receiver.url()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String secret = r.json().path("data").path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        receiver.secret(secret);
        return r.json().path("data").path("id").asString();
    }

    private String runTask(byte[] image) {
        TestClient c = server.client();
        TestClient.Response files = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type",
                "image/jpeg", "file_name", "p.jpg", "file_size", image.length))));
        JsonNode slot = files.json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), image, Map.of("Content-Type", "image/jpeg"));
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id",
                slot.path("file_id").asString(), "scale", 1));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        return run.json().path("data").path("task_id").asString();
    }

    private JsonNode deliveries(String endpointId) {
        return admin().get("/admin/v1/webhooks/" + endpointId + "/deliveries").json().path("data").path("deliveries");
    }

    @Test
    void aFinishedTaskIsDeliveredSignedAndTheKeyNeedNotPoll() {
        addEndpoint();
        String task = runTask(TestImages.jpeg(32, 32));
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
        Receiver.Received got = receiver.received().getFirst();
        assertThat(got.verified()).isTrue();
        JsonNode body = JSON.readTree(got.body());
        assertThat(body.path("data").path("task_id").asString()).isEqualTo(task);
        assertThat(body.path("data").path("task_status").asString()).isEqualTo("success");
        assertThat(body.path("created_at").asLong()).isEqualTo(server.clock().instant().getEpochSecond());
        assertThat(got.id()).startsWith("msg_");

        // no poll for an hour: a key with a webhook endpoint is exempt from the polling window
        server.clock().advance(Duration.ofHours(1));
        TestClient.Response status = server.client().get("/s2s/v2.0/task/enhance/" + task);
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        assertThat(status.json().path("data").path("task_status").asString()).isEqualTo("success");

        // a tampered body or an old timestamp fails the receiver's own check
        assertThat(Receiver.verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), got.id(),
                Long.toString(got.timestamp()), "v1,AAAA", got.body().getBytes(StandardCharsets.UTF_8),
                server.clock().instant())).isFalse();
    }

    @Test
    void aFailingReceiverGetsRetriesWithTheSameIdAndRetryAfterIsHonoured() {
        String endpoint = addEndpoint();
        receiver.answer(500);
        receiver.answer(503, "Retry-After", "3600");
        runTask(TestImages.jpeg(32, 32));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);
        await().until(() -> deliveries(endpoint).get(0).path("attempts").asInt() == 1);
        JsonNode first = deliveries(endpoint).get(0);
        assertThat(first.path("state").asString()).isEqualTo("pending");
        assertThat(first.path("last_status").asInt()).isEqualTo(500);

        server.clock().advance(Duration.ofSeconds(6)); // past 5 s + 10 % jitter
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 2);
        await().until(() -> deliveries(endpoint).get(0).path("attempts").asInt() == 2);
        // the schedule says 5 minutes, the receiver asked for an hour
        java.time.Instant next = java.time.Instant.parse(deliveries(endpoint).get(0).path("next_attempt_at").asString());
        assertThat(next).isAfterOrEqualTo(server.clock().instant().plus(Duration.ofMinutes(59)));

        server.clock().advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 3);
        await().until(() -> deliveries(endpoint).get(0).path("state").asString().equals("delivered"));
        List<Receiver.Received> all = receiver.received();
        assertThat(all).extracting(Receiver.Received::id).containsOnly(all.getFirst().id());
        assertThat(all).allMatch(Receiver.Received::verified);
        assertThat(all.get(2).timestamp()).isGreaterThan(all.get(0).timestamp()); // signed afresh per attempt
    }

    @Test
    void goneDisablesTheEndpoint() {
        String endpoint = addEndpoint();
        receiver.answer(410);
        runTask(TestImages.jpeg(32, 32));
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(endpoint).get(0).path("state").asString()
                .equals("failed"));
        JsonNode listed = admin().get("/admin/v1/keys/" + server.key().name() + "/webhooks").json().path("data").path("endpoints").get(0);
        assertThat(listed.path("status").asString()).isEqualTo("disabled");
        assertThat(server.server().webhooks().hasActiveEndpoint(server.keyId(server.key()))).isFalse();
    }

    @Test
    void aRestartInTheMiddleOfRetriesStillDelivers() {
        String endpoint = addEndpoint();
        receiver.answer(500);
        runTask(TestImages.jpeg(32, 32));
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(endpoint).get(0).path("attempts").asInt() == 1);

        server.restart();
        server.clock().advance(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(endpoint).get(0).path("state").asString()
                .equals("delivered"));
        assertThat(receiver.received()).hasSize(2).allMatch(Receiver.Received::verified);
    }

    @Test
    void theReconcilerQueuesWhatAStoppedNodeMissedAndNothingElse() throws Exception {
        String endpoint = addEndpoint();
        String task = runTask(TestImages.jpeg(32, 32));
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(endpoint).size() == 1
                && deliveries(endpoint).get(0).path("state").asString().equals("delivered"));
        // A node that stopped between the task's terminal transition and its hook leaves no delivery row behind.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + server.dataDir().resolve("atelier.db"));
                java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM webhook_deliveries WHERE task_id = '" + task + "'")).isEqualTo(1);
        }
        Webhooks webhooks = server.server().webhooks();
        assertThat(webhooks.reconcile(Duration.ofDays(1))).as("within the grace the hook still has its turn")
                .isZero();

        server.clock().advance(Webhooks.RECONCILE_GRACE.plusSeconds(1));
        assertThat(webhooks.reconcile(Duration.ofDays(1))).isEqualTo(1);
        assertThat(webhooks.reconcile(Duration.ofDays(1))).as("queuing is once per task and endpoint").isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 2);
        JsonNode body = JSON.readTree(receiver.received().get(1).body());
        assertThat(body.path("data").path("task_id").asString()).isEqualTo(task);
        assertThat(receiver.received().get(1).verified()).isTrue();

        // An endpoint added after a task finished is not sent that task's outcome.
        String later = addEndpoint();
        assertThat(webhooks.reconcile(Duration.ofDays(1))).isZero();
        assertThat(deliveries(later)).isEmpty();
    }

    @Test
    void targetsAreCheckedAndLimitedAndTheAdminApiNeedsItsToken() {
        TestClient.Response internal = admin().post("/admin/v1/keys/" + server.key().name() + "/webhooks",
                Map.of("url", "http://169.254.169.254/latest"));
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.json().path("error").asString()).contains("169.254.169.254");
        assertThat(admin().post("/admin/v1/keys/" + server.key().name() + "/webhooks", Map.of("url", "ftp://example.com/x")).status())
                .isEqualTo(400);
        for (int i = 0; i < 10; i++) {
            assertThat(admin().post("/admin/v1/keys/" + server.key().name() + "/webhooks", Map.of("url", receiver.url())).status())
                    .isEqualTo(200);
        }
        TestClient.Response eleventh = admin().post("/admin/v1/keys/" + server.key().name() + "/webhooks", Map.of("url", receiver.url()));
        assertThat(eleventh.status()).isEqualTo(400);
        assertThat(eleventh.json().path("error").asString()).contains("at most 10");

        String id = admin().get("/admin/v1/keys/" + server.key().name() + "/webhooks").json().path("data").path("endpoints").get(0)
                .path("id").asString();
        assertThat(admin().delete("/admin/v1/webhooks/" + id).status()).isEqualTo(200);
        assertThat(admin().delete("/admin/v1/webhooks/" + id).status()).isEqualTo(404);

        assertThat(server.client().get("/admin/v1/keys/" + server.key().name() + "/webhooks").status()).isEqualTo(401);
        assertThat(server.anonymous().get("/admin/v1/keys/" + server.key().name() + "/webhooks").status()).isEqualTo(401);
    }
}
