package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.TaskResult;
import dev.atelier.client.webhooks.WebhookMessage;
import dev.atelier.client.webhooks.WebhookVerificationException;
import dev.atelier.client.webhooks.WebhookVerificationException.Reason;
import dev.atelier.client.webhooks.Webhooks;
import dev.atelier.server.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real delivery from the server's webhook dispatcher, checked with the SDK's {@code Webhooks.verify}. */
class SdkWebhookTest {
    private final SdkFixture fx = new SdkFixture(Map.of("ATELIER_FETCH_ALLOWLIST", "127.0.0.1"));
    private final LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private final HttpServer receiver;

    private record Delivery(Map<String, List<String>> headers, byte[] body) {}

    SdkWebhookTest() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                received.add(new Delivery(Map.copyOf(ex.getRequestHeaders()), in.readAllBytes()));
                ex.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        fx.close();
    }

    @Test
    void aRealDeliveryVerifiesAndTamperedWrongSecretAndOldCopiesDoNot() throws Exception {
        String secret = fx.server.server().webhooks().add(fx.keyId(),
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook").secret();
        TaskResult result;
        try (AtelierClient client = fx.v2().build()) {
            result = client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !received.isEmpty());
        Delivery d = received.take();
        Instant serverNow = fx.server.clock().instant();

        WebhookMessage m = Webhooks.verify(d.headers(), d.body(), secret, serverNow, Webhooks.DEFAULT_TOLERANCE);
        assertThat(m.id()).isNotBlank();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) m.payload().get("data");
        assertThat(data).containsEntry("task_id", result.taskId()).containsEntry("task_status", "success");

        byte[] tampered = new String(d.body(), StandardCharsets.UTF_8).replace("success", "error")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Webhooks.verify(d.headers(), tampered, secret, serverNow, Webhooks.DEFAULT_TOLERANCE))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
        String otherSecret = fx.server.server().webhooks().add(fx.keyId(), "http://127.0.0.1:1/other").secret();
        assertThatThrownBy(() -> Webhooks.verify(d.headers(), d.body(), otherSecret, serverNow,
                Webhooks.DEFAULT_TOLERANCE))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
        Instant sixMinutesLater = m.timestamp().plus(Duration.ofMinutes(6));
        assertThatThrownBy(() -> Webhooks.verify(d.headers(), d.body(), secret, sixMinutesLater,
                Webhooks.DEFAULT_TOLERANCE))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TIMESTAMP_TOO_OLD));
    }
}
