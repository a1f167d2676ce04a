package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.accounts.Principal;
import dev.atelier.server.testing.GatedImages;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Live progress as server-sent events, read as a client reads them: line by line while the task runs. */
class TaskEventsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {}

    private static BlockingQueue<Event> read(TestClient.Streaming stream) {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            String[] name = {null};
            stream.lines().forEach(line -> {
                if (line.startsWith("event: ")) {
                    name[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Event(name[0], JSON.readTree(line.substring(6))));
                }
            });
            events.add(new Event("<end>", null));
        });
        return events;
    }

    private static Event next(BlockingQueue<Event> events) throws InterruptedException {
        Event e = events.poll(60, TimeUnit.SECONDS);
        assertThat(e).as("an event within 60 s").isNotNull();
        return e;
    }

    @Test
    void aStreamShowsQueuedThenRunningWithProgressThenSuccessAndKeepsTheTaskPolled() throws Exception {
        try (GatedImages images = new GatedImages(TestImages.jpeg(32, 32))) {
            server = TestServer.start(Map.of("ATELIER_FETCH_ALLOWLIST", "127.0.0.1", "ATELIER_WORKERS", "1"));
            TestClient c = server.client();
            // the only worker is busy with a task whose input download waits for the gate
            c.post("/s2s/v2.0/task/enhance", Map.of("src_file_url", images.url(), "scale", 1));
            images.awaitRequested();
            String fileId = YouCamFlows.upload(c, null, "image/jpeg", TestImages.jpeg(48, 48));
            String task = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 2)).json()
                    .path("data").path("task_id").asString();

            TestClient.Streaming stream = server.anonymous().withToken(server.key().apiKey())
                    .stream("/s2s/v2.0/task/enhance/" + task + "/events");
            assertThat(stream.status()).isEqualTo(200);
            BlockingQueue<Event> events = read(stream);
            Event queued = next(events);
            assertThat(queued.name()).isEqualTo("queued");
            assertThat(queued.data().path("queue_position").asInt()).isZero();
            assertThat(queued.data().path("task_id").asString()).isEqualTo(task);

            // nobody polls, but the open stream does: 16 s pass without the task expiring
            Principal p = server.server().credentials().authenticate("Bearer " + server.key().apiKey(), false);
            for (int i = 0; i < 2; i++) {
                server.clock().advance(Duration.ofSeconds(8));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.server().tasks().service().peek(p, task)
                        .task().lastPolledAt().toEpochMilli() == server.clock().instant().toEpochMilli());
            }
            images.open();

            List<Event> rest = new ArrayList<>();
            Event e;
            do {
                e = next(events);
                rest.add(e);
            } while (!e.name().equals("<end>"));
            List<String> names = rest.stream().map(Event::name).toList();
            assertThat(names).contains("running").endsWith("success", "<end>");
            Event running = rest.stream().filter(x -> x.name().equals("running")).findFirst().orElseThrow();
            assertThat(running.data().has("progress")).isTrue();
            assertThat(rest.stream().filter(x -> x.name().equals("running"))
                    .map(x -> x.data().path("progress").asDouble()).toList()).isSorted();
            Event success = rest.get(rest.size() - 2);
            assertThat(success.data().path("task_status").asString()).isEqualTo("success");
            assertThat(success.data().path("results").path("url").asString()).contains("/files/");
        }
    }

    @Test
    void streamsNeedTheTasksCredential() {
        server = TestServer.start();
        TestClient.Response anonymous = server.anonymous().get("/s2s/v2.0/task/enhance/whatever/events");
        assertThat(anonymous.status()).isEqualTo(401);
        TestClient.Response unknown = server.client().get("/s2s/v2.0/task/enhance/nope/events");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error_code").asString()).isEqualTo("InvalidTaskId");
    }
}
