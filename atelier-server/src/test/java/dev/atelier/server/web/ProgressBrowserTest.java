package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.GatedImages;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watching a task in a real browser: the page reads the task's server-sent event stream (queue position, percent,
 * stage) and polls the status only when the stream cannot be used, saying so. A server with one worker and tasks
 * held in their download by {@link GatedImages} puts the page's task behind others in the queue.
 */
class ProgressBrowserTest {
    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.serverPerTest();

    private TestServer oneWorker() {
        return session.start(Map.of("ATELIER_WORKERS", "1", "ATELIER_FETCH_ALLOWLIST", "127.0.0.1"));
    }

    /**
     * Submits an enhance task whose input download waits at the gate. The test clock stands still, so it is moved on
     * a little after each submit: the queue is ordered by creation time.
     */
    private static void blockingTask(TestServer server, GatedImages gated) {
        server.clock().advance(java.time.Duration.ofMillis(5));
        var r = server.client().post("/s2s/v2.0/task/enhance", Map.of("src_file_url", gated.url(), "scale", 1));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        server.clock().advance(java.time.Duration.ofMillis(5));
    }

    /** Status requests the page made for its own tasks (not the event streams). */
    private static List<String> statusPolls(Browser browser) {
        return browser.requests().stream().filter(u -> u.matches(".*/s2s/v2\\.0/task/enhance/[^/?]+$")).toList();
    }

    @Test
    void theEventStreamShowsThePlaceInTheQueueThenTheRunAndTheResultWithoutPolling() throws Exception {
        TestServer server = oneWorker();
        Browser browser = session.browser();
        try (GatedImages gated = new GatedImages(TestImages.jpeg(64, 48))) {
            blockingTask(server, gated); // runs, held at the gate
            gated.awaitRequested();
            blockingTask(server, gated); // waits in the queue

            session.openWithKey("#/effect/enhance");
            session.choose(session.file("photo.png", TestImages.png(48, 32)));
            browser.waitForText("[data-role=upload-status]", "Uploaded");
            browser.find("[data-role=run]").click();

            assertThat(browser.waitForText("[data-role=progress-text]", "Queued")).isEqualTo("Queued (1 task ahead)");
            assertThat(browser.find("[data-role=progress-mode]").getDomAttribute("data-mode")).isEqualTo("live");
            assertThat(browser.find("[data-role=progress-mode]").getText())
                    .isEqualTo("Following the task live through its event stream.");
            assertThat(browser.find("[data-role=progress-log]").getText()).contains("Queued (1 task ahead)");
            session.screenshot("queued");

            gated.open();
            String info = browser.waitForText("[data-role=result-info]", "px");
            assertThat(info).contains("Result: 48 × 32 px");
        }
        session.screenshot();
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        List<String> log = browser.findAll("[data-role=progress-log] li").stream().map(e -> e.getText()).toList();
        assertThat(log.getFirst()).startsWith("Submitted as task ");
        assertThat(log).contains("Queued (1 task ahead)").anyMatch(l -> l.startsWith("Running")).endsWith("Done");
        assertThat(log.indexOf("Queued (1 task ahead)")).isLessThan(log.indexOf("Done"));
        assertThat(browser.requests()).as("the page read the event stream")
                .anyMatch(u -> u.matches(".*/s2s/v2\\.0/task/enhance/[^/]+/events$"));
        assertThat(statusPolls(browser)).as("and did not poll").isEmpty();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void whenTheEventStreamIsBlockedThePagePollsAndSaysSo() {
        TestServer server = oneWorker();
        Browser browser = session.browser();
        // As a proxy that refuses event streams would: every request to an events route fails.
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/events")));

        session.openWithKey("#/effect/enhance");
        session.choose(session.file("photo.png", TestImages.png(40, 30)));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        browser.find("[data-role=run]").click();

        String info = browser.waitForText("[data-role=result-info]", "px");
        session.screenshot();
        assertThat(info).contains("Result: 40 × 30 px");
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        assertThat(browser.find("[data-role=progress-mode]").getDomAttribute("data-mode")).isEqualTo("polling");
        assertThat(browser.find("[data-role=progress-mode]").getText())
                .startsWith("The live event stream could not be used (")
                .endsWith("checking the status every 1 s instead.");
        assertThat(statusPolls(browser)).as("the page polled the status instead").isNotEmpty();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }
}
