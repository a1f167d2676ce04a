package dev.atelier.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.accounts.Principal;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15: the README's polling loop (one status poll a second) under the default limits, with a simulated clock,
 * and a refused poll that still counts as a poll.
 */
class PollingLimitsTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestClient start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("ATELIER_RATE_LIMIT_ENABLED", "true");
        server = TestServer.start(all);
        return server.client();
    }

    /** Submits enhance ×1 of a small photo and waits for its success without polling (a poll is what is counted). */
    private String finishedTask(TestClient c) {
        byte[] jpeg = TestImages.jpeg(64, 48);
        JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/jpeg",
                "file_name", "p.jpg", "file_size", jpeg.length)))).json().path("data").path("files").get(0);
        assertThat(TestClient.put(slot.path("requests").get(0).path("url").asString(), jpeg,
                Map.of("Content-Type", "image/jpeg")).status()).isEqualTo(200);
        TestClient.Response run = c.post("/s2s/v2.0/task/enhance",
                Map.of("src_file_id", slot.path("file_id").asString(), "scale", 1));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        String id = run.json().path("data").path("task_id").asString();
        Principal owner = server.server().credentials().authenticate("Bearer " + server.key().apiKey(), false);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                server.server().tasks().service().peek(owner, id).task().state() == TaskState.SUCCESS);
        return id;
    }

    @Test
    void theReadmeLoopPollsTwoTasksEverySecondForAnHourUnderTheDefaultLimits() {
        TestClient c = start(Map.of());
        List<String> tasks = new ArrayList<>(List.of(finishedTask(c), finishedTask(c)));
        int polls = 0;
        for (int second = 1; second <= 3600; second++) {
            server.clock().advance(Duration.ofSeconds(1));
            for (String id : tasks) {
                TestClient.Response r = c.get("/s2s/v2.0/task/enhance/" + id);
                assertThat(r.status()).as("second %d: %s", second, r).isEqualTo(200);
                assertThat(r.json().path("data").path("task_status").asString()).isEqualTo("success");
                polls++;
            }
        }
        System.out.println(polls + " status polls over one simulated hour, none refused");
        // the other limits are untouched by the polls: the contract's 100 per 5 minutes per address is all there
        TestClient.Response cheap = c.get("/s2s/v2.0/credit/feature-cost");
        assertThat(cheap.status()).isEqualTo(200);
        assertThat(cheap.header("RateLimit-Remaining")).isEqualTo("99");
    }

    @Test
    void aRefusedPollStillKeepsTheTaskAlive() {
        // two polls a minute: a client polling every two seconds is refused for most of each minute, far longer
        // than the 10-s polling window
        TestClient c = start(Map.of("ATELIER_RATE_LIMIT_POLLS_PER_IP", "2"));
        String id = finishedTask(c);
        String path = "/s2s/v2.0/task/enhance/" + id;
        int refused = 0;
        int answeredAfterRefusals = 0;
        boolean lastRefused = false;
        for (int second = 2; second <= 180; second += 2) {
            server.clock().advance(Duration.ofSeconds(2));
            TestClient.Response r = c.get(second % 60 == 30 ? "/s2s/v1.0/task/enhance?task_id=" + id : path);
            if (r.status() == 429) {
                refused++;
                lastRefused = true;
                assertThat(r.json().path("error").asString()).isEqualTo("Too many requests");
                continue;
            }
            assertThat(r.status()).as("second %d: %s", second, r).isEqualTo(200);
            assertThat(r.json().path("data").path("task_status").asString()).as("second %d", second)
                    .isEqualTo("success");
            answeredAfterRefusals += lastRefused ? 1 : 0;
            lastRefused = false;
        }
        assertThat(refused).as("refused polls").isGreaterThan(80);
        assertThat(answeredAfterRefusals).as("polls answered after close to a minute of refusals").isEqualTo(2);
    }
}
