package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.accounts.Principal;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.testing.PostgresSchema;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Status polls answered from memory (poll times written behind, keys and finished statuses cached) keep the rules
 * they had when every poll was a database write: the polling window, revocation within a second, and many nodes on one
 * database seeing each other's polls. Time moves on the nodes' clocks; nothing sleeps.
 */
class CheapPollsTest {
    private static final String SECRET = "cheap-polls-test-secret-0123456789abcdef";
    private static final String ADMIN = "admin-token-for-tests-0123456789";
    private static final Pattern FROM_MEMORY = Pattern.compile("(?m)^atelier_status_polls_from_memory_total (\\S+)$");

    private static String submit(TestClient c) {
        String fileId = YouCamFlows.upload(c, null, "image/png", TestImages.png(48, 32));
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String taskId = run.json().path("data").path("task_id").asString();
        assertThat(YouCamFlows.pollUntilDone(c, path(taskId), "data", "task_status").path("task_status").asString())
                .isEqualTo("success");
        return taskId;
    }

    private static String path(String taskId) {
        return "/s2s/v2.0/task/enhance/" + taskId;
    }

    private static double answeredFromMemory(TestClient c) {
        Matcher m = FROM_MEMORY.matcher(c.get("/metrics").text());
        assertThat(m.find()).as("the metric atelier_status_polls_from_memory_total").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static Principal principal(TestServer node, String apiKey) {
        return node.server().credentials().authenticate("Bearer " + apiKey, false);
    }

    /** Whether the task still exists for its owner, without counting as a poll. */
    private static boolean alive(TestServer node, String apiKey, String taskId) {
        try {
            node.server().tasks().service().peek(principal(node, apiKey), taskId);
            return true;
        } catch (ApiException e) {
            assertThat(e.code().wireCode()).isEqualTo("InvalidTaskId");
            return false;
        }
    }

    @Test
    void aFinishedTaskPolledOnlyFromMemoryStaysAliveWhilePolledAndExpiresAfterTheWindow() {
        // a long cache TTL so that every poll below is answered from memory (the default is 1 s)
        try (TestServer server = TestServer.start(Map.of("ATELIER_NODE_CACHE_TTL", "1m"))) {
            TestClient c = server.client();
            String taskId = submit(c);
            double before = answeredFromMemory(c);
            for (int i = 0; i < 8; i++) { // 24 s of polls every 3 s: more than twice the 10 s window
                server.clock().advance(Duration.ofSeconds(3));
                TestClient.Response r = c.get(path(taskId));
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                assertThat(r.json().path("data").path("task_status").asString()).isEqualTo("success");
                server.server().tasks().service().expireAbandoned(); // the sweep sees the polls made in memory
                assertThat(alive(server, server.key().apiKey(), taskId)).as("alive after poll %d", i).isTrue();
            }
            assertThat(answeredFromMemory(c) - before).as("polls answered from memory").isEqualTo(8);

            server.clock().advance(Duration.ofSeconds(12)); // polls stop: window (10 s) and write-behind lag (1 s)
            server.server().tasks().service().expireAbandoned();
            assertThat(alive(server, server.key().apiKey(), taskId)).as("expired by the sweep").isFalse();
            TestClient.Response late = c.get(path(taskId));
            assertThat(late.status()).isEqualTo(400);
            assertThat(late.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
        }
    }

    @Test
    void twoNodesOnOneDatabaseSeeEachOthersPollsAndRevocations() throws SQLException {
        try (PostgresSchema db = PostgresSchema.create()) {
            Map<String, String> settings = Map.of("ATELIER_DB_URL", db.url(), "ATELIER_SECRET", SECRET,
                    "ATELIER_ADMIN_TOKEN", ADMIN, "ATELIER_NODE_CACHE_TTL", "1m");
            try (TestServer a = TestServer.start(settings);
                    TestServer b = TestServer.start(Map.of("ATELIER_DB_URL", db.url(), "ATELIER_SECRET", SECRET))) {
                String apiKey = a.key().apiKey();
                TestClient onA = a.client();
                TestClient onB = b.anonymous().withToken(apiKey);
                a.clock().advance(Duration.between(a.clock().instant(), b.clock().instant())); // one time for both
                String taskId = submit(onA);

                // polls alternate between the nodes, 6 s apart: each node alone would see 12 s without a poll
                for (int i = 0; i < 8; i++) {
                    TestServer polled = i % 2 == 0 ? a : b;
                    TestServer other = i % 2 == 0 ? b : a;
                    Instant at = polled.clock().instant();
                    TestClient.Response r = (i % 2 == 0 ? onA : onB).get(path(taskId));
                    assertThat(r.status()).as("poll %d: %s", i, r).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(30)).until(() -> storedLastPoll(db, taskId) >= at.toEpochMilli());
                    a.clock().advance(Duration.ofSeconds(6));
                    b.clock().advance(Duration.ofSeconds(6));
                    other.server().tasks().service().expireAbandoned();
                    assertThat(alive(other, apiKey, taskId)).as("alive on the other node after poll %d", i).isTrue();
                }

                a.clock().advance(Duration.ofSeconds(6)); // 12 s after the last poll: window and lag passed
                b.clock().advance(Duration.ofSeconds(6));
                b.server().tasks().service().expireAbandoned();
                assertThat(alive(a, apiKey, taskId)).isFalse();
                assertThat(onA.get(path(taskId)).json().path("error_code").asString()).isEqualTo("InvalidTaskId");

                // a key turned off on node a is refused there at once and on node b within a second
                assertThat(onB.get(path("nope")).json().path("error_code").asString()).isEqualTo("InvalidTaskId");
                TestClient admin = a.anonymous().withToken(ADMIN);
                String name = a.key().name();
                assertThat(admin.post("/admin/v1/keys/" + name + "/status", Map.of("status", "inactive")).status())
                        .isEqualTo(200);
                assertThat(onA.get(path("nope")).status()).isEqualTo(401);
                b.clock().advance(Duration.ofSeconds(1));
                TestClient.Response refused = onB.get(path("nope"));
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.json().path("error_code").asString()).isEqualTo("InactiveApiKey");
                assertThatThrownBy(() -> principal(b, apiKey)).isInstanceOf(ApiException.class);
            }
        }
    }

    private static long storedLastPoll(PostgresSchema db, String taskId) throws SQLException {
        try (var conn = DriverManager.getConnection(db.url());
                var st = conn.prepareStatement("SELECT last_polled_at FROM tasks WHERE id = ?")) {
            st.setString(1, taskId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
