package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiTaskStore;
import dev.atelier.server.testing.GatedImages;
import dev.atelier.server.testing.NodeProcess;
import dev.atelier.server.testing.PostgresSchema;
import dev.atelier.server.testing.S3Server;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's crash acceptance in the scaled mode: an api node (in process) and two worker nodes in their own JVMs
 * on one PostgreSQL. The worker running a task is killed with {@code kill -9}; its lease stops being renewed, and the
 * other worker re-runs the task to success within two leases.
 */
class WorkerCrashTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void aKilledWorkersTaskFinishesOnAnotherWorkerWithinTwoLeases() throws Exception {
        try (S3Server s3 = S3Server.start();
                PostgresSchema db = PostgresSchema.create();
                GatedImages images = new GatedImages(TestImages.jpeg(48, 32))) {
            Map<String, String> shared = new HashMap<>(s3.settings(s3.newBucket()));
            shared.put("ATELIER_DB_URL", db.url());
            shared.put("ATELIER_SECRET", "worker-crash-test-secret-0123456789abcdef");
            shared.put("ATELIER_POLLING_WINDOW", "5m");
            shared.put("ATELIER_TASK_LEASE", LEASE.toMillis() + "ms");
            shared.put("ATELIER_FETCH_ALLOWLIST", "127.0.0.1");
            shared.put("ATELIER_FETCH_TIMEOUT", "2m"); // the first worker waits at the gate until it is killed
            Map<String, String> api = new HashMap<>(shared);
            api.put("ATELIER_ROLE", "api");
            Map<String, String> worker = new HashMap<>(shared);
            worker.put("ATELIER_ROLE", "worker");

            try (TestServer apiNode = TestServer.start(api);
                    NodeProcess one = NodeProcess.start(worker);
                    NodeProcess two = NodeProcess.start(worker);
                    Database store = Database.open(db.url(), null)) {
                TestClient c = apiNode.client();
                TestClient.Response run = c.post("/s2s/v2.0/task/enhance",
                        Map.of("src_file_url", images.url(), "scale", 2));
                assertThat(run.status()).as(run.toString()).isEqualTo(200);
                String taskId = run.json().path("data").path("task_id").asString();
                images.awaitRequested(); // a worker claimed it and waits for its input
                JdbiTaskStore tasks = new JdbiTaskStore(store);
                Task first = tasks.find(taskId).orElseThrow();
                assertThat(first.state()).isEqualTo(TaskState.RUNNING);
                assertThat(first.attempts()).isEqualTo(1);
                boolean oneRunsIt = first.leaseOwner().contains("-" + one.pid() + "/");
                NodeProcess doomed = oneRunsIt ? one : two;
                NodeProcess survivor = oneRunsIt ? two : one;
                assertThat(first.leaseOwner()).contains("-" + doomed.pid() + "/");

                Instant killedAt = Instant.now();
                doomed.kill();
                images.open(); // the survivor's download goes through
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> tasks.find(taskId).orElseThrow().attempts() == 2);
                Task second = tasks.find(taskId).orElseThrow();
                Duration recovery = Duration.between(killedAt, second.startedAt());
                System.out.printf("kill -9 to the second claim: %d ms (lease %d ms)%n", recovery.toMillis(),
                        LEASE.toMillis());
                assertThat(second.leaseOwner()).contains("-" + survivor.pid() + "/");

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> tasks.find(taskId).orElseThrow().state() != TaskState.RUNNING);
                TestClient.Response status = c.get("/s2s/v2.0/task/enhance/" + taskId);
                assertThat(status.json().path("data").path("task_status").asString())
                        .as(status + "\nsurvivor log:\n" + survivor.log()).isEqualTo("success");
                Task done = tasks.find(taskId).orElseThrow();
                assertThat(done.attempts()).as("run once more, not again").isEqualTo(2);
                assertThat(recovery).as("re-queued and claimed within two leases of the kill")
                        .isLessThanOrEqualTo(LEASE.multipliedBy(2));
            }
        }
    }
}
