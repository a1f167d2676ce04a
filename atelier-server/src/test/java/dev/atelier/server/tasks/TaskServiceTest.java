package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.Availability;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submit-time rules over a fake store: the run pipeline's request check, the queue limit, request-id retries. */
class TaskServiceTest {
    @TempDir
    Path dir;
    TaskSystemHarness h;
    final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void setUp() {
        h = new TaskSystemHarness(dir);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aSubmitQueuesTheNormalisedRequestAndWakesAWorker() {
        Task t = h.service(10, wakes::incrementAndGet).submit(h.principal, h.request(null, Map.of()), false);
        assertThat(t.state()).isEqualTo(TaskState.QUEUED);
        assertThat(h.store.tasks).containsKey(t.id());
        assertThat(t.request().outputFormat()).isEqualTo("jpg");
        assertThat(wakes).hasValue(1);
    }

    @Test
    void aFullQueueIsRefusedWithAWaitAsData() {
        TaskService service = h.service(1, wakes::incrementAndGet);
        service.submit(h.principal, h.request(null, Map.of("n", 1)), false);
        assertThatThrownBy(() -> service.submit(h.principal, h.request(null, Map.of("n", 2)), false))
                .isInstanceOfSatisfying(Refusal.class, e -> {
                    assertThat(e.code()).isEqualTo(RefusalCode.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
                });
    }

    @Test
    void aRetriedRequestIdReturnsTheSameTaskAndADifferentRequestUnderItIsRefused() {
        TaskService service = h.service(10, wakes::incrementAndGet);
        Task first = service.submit(h.principal, h.request(7L, Map.of("n", 1)), false);
        Task again = service.submit(h.principal, h.request(7L, Map.of("n", 1)), false);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(h.store.tasks).hasSize(1);
        assertThatThrownBy(() -> service.submit(h.principal, h.request(7L, Map.of("n", 2)), false))
                .isInstanceOfSatisfying(Refusal.class,
                        e -> assertThat(e.getMessage()).contains("request_id 7 was already used"));
    }

    @Test
    void anUnavailableEngineOrAnUnofferedFormatIsRefusedBeforeAnythingIsStored() {
        TaskService service = h.service(10, wakes::incrementAndGet);
        TaskRequest webp = new TaskRequest(TaskSystemHarness.FEATURE, WireFamily.V2, null, TaskRequest.Inputs.NONE,
                Map.of(), "webp", 0);
        assertThatThrownBy(() -> service.submit(h.principal, webp, false)).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.getMessage()).isEqualTo("output_ext must be one of [jpg, png] for paint"));
        h.availability = Availability.missing("the test engine", "install it");
        assertThatThrownBy(() -> service.submit(h.principal, h.request(null, Map.of()), false))
                .isInstanceOfSatisfying(Refusal.class,
                        e -> assertThat(e.code()).isEqualTo(RefusalCode.FEATURE_UNAVAILABLE));
        assertThat(h.store.tasks).isEmpty();
        assertThat(wakes).hasValue(0);
    }

    @Test
    void jpegIsReadAsJpg() {
        TaskRequest jpeg = new TaskRequest(TaskSystemHarness.FEATURE, WireFamily.V2, null, TaskRequest.Inputs.NONE,
                Map.of(), "JPEG", 0);
        Task t = h.service(10, wakes::incrementAndGet).submit(h.principal, jpeg, false);
        assertThat(t.request().outputFormat()).isEqualTo("jpg");
    }
}
