package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.client.ApiFamily;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.Input;
import dev.atelier.client.TaskResult;
import dev.atelier.client.TaskState;
import dev.atelier.client.TaskStatus;
import dev.atelier.server.testing.TestImages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Progress through the SDK: with a listener it follows the task's server-sent events and polls only for the result;
 * when the stream is not there it polls, and the listener still hears every poll.
 */
class SdkProgressTest {
    private final SdkFixture fx = new SdkFixture();

    @AfterEach
    void stop() {
        fx.closeCheckingContract();
    }

    private static boolean isEvents(String request) {
        return request.startsWith("GET /s2s/") && request.endsWith("/events");
    }

    private static boolean isStatusPoll(String request) {
        return request.startsWith("GET /s2s/") && request.contains("/task/enhance") && !request.endsWith("/events");
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void aListenerFollowsTheEventStreamAndTheResultTakesOnePoll(ApiFamily family) {
        List<TaskStatus> heard = new CopyOnWriteArrayList<>();
        try (AtelierClient client = fx.builder(family).build()) {
            TaskResult r = client.effects().enhance(Input.of(TestImages.jpeg(256, 192))).scale(2)
                    .onProgress(heard::add).run();
            assertThat(TestImages.decode(r.download()).getWidth()).isEqualTo(512);
        }
        assertThat(fx.proxy.exchanges(SdkProgressTest::isEvents)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(200));
        assertThat(fx.proxy.exchanges(SdkProgressTest::isStatusPoll)).as("only the poll that reads the result")
                .hasSize(1);
        assertThat(heard.size()).as("events, then the final status: " + heard).isGreaterThanOrEqualTo(2);
        assertThat(heard.subList(0, heard.size() - 1)).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(TaskState.RUNNING);
            assertThat(s.progress()).isBetween(0.0, 1.0);
        });
        assertThat(heard.getLast().state()).isEqualTo(TaskState.SUCCESS);
        assertThat(heard.getLast().progress()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void withoutAStreamTheListenerHearsEveryPoll(ApiFamily family) {
        fx.proxy.inject(SdkProgressTest::isEvents, new FaultProxy.Fault.Refuse(404, "NotFound", Map.of()));
        List<TaskStatus> heard = new CopyOnWriteArrayList<>();
        try (AtelierClient client = fx.builder(family).build()) {
            TaskResult r = client.effects().enhance(Input.of(TestImages.jpeg(256, 192))).scale(2)
                    .onProgress(heard::add).run();
            assertThat(TestImages.decode(r.download()).getWidth()).isEqualTo(512);
        }
        int polls = fx.proxy.exchanges(SdkProgressTest::isStatusPoll).size();
        assertThat(polls).isPositive();
        assertThat(heard).hasSize(polls);
        assertThat(heard.getLast().state()).isEqualTo(TaskState.SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void eventsCanBeTurnedOff(ApiFamily family) {
        List<TaskStatus> heard = new CopyOnWriteArrayList<>();
        try (AtelierClient client = fx.builder(family).progressEvents(false).build()) {
            client.effects().enhance(Input.of(TestImages.jpeg(64, 48))).scale(1).onProgress(heard::add).run();
        }
        assertThat(fx.proxy.exchanges(SdkProgressTest::isEvents)).isEmpty();
        assertThat(heard).isNotEmpty();
    }
}
