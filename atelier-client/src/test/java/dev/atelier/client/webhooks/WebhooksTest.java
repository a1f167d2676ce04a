package dev.atelier.client.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Deliveries are signed here by an implementation written from the Standard Webhooks spec independently of
 * {@link Webhooks}, so a shared mistake cannot make both sides agree.
 */
class WebhooksTest {
    private static final long SEED = 0x5EEDL;

    static {
        System.out.println("WebhooksTest seed: " + SEED);
    }

    private final String secret = newSecret(new SplittableRandom(SEED));
    private final byte[] body = "{\"created_at\":1761112848,\"data\":{\"task_id\":\"t1\",\"task_status\":\"success\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static String newSecret(SplittableRandom random) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) random.nextInt(256);
        }
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** The independent signer: HMAC-SHA256 over the bytes of "id.timestamp." followed by the raw body. */
    private static String independentSignature(String whsecSecret, String id, long timestamp, byte[] payload)
            throws Exception {
        byte[] key = Base64.getDecoder().decode(whsecSecret.split("_", 2)[1]);
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(id.getBytes(StandardCharsets.UTF_8));
        signed.write('.');
        signed.write(Long.toString(timestamp).getBytes(StandardCharsets.UTF_8));
        signed.write('.');
        signed.write(payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.toByteArray()));
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    @Test
    void acceptsACorrectlySignedCurrentDelivery() throws Exception {
        long now = Instant.now().getEpochSecond();
        String sig = independentSignature(secret, "msg_1", now, body);

        WebhookMessage m = Webhooks.verify(headers("msg_1", now, sig), body, secret);

        assertThat(m.id()).isEqualTo("msg_1");
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochSecond(now));
        assertThat(m.body()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        assertThat(m.payload()).containsEntry("created_at", 1761112848)
                .extractingByKey("data").isEqualTo(Map.of("task_id", "t1", "task_status", "success"));
    }

    @Test
    void rejectsATamperedBody() throws Exception {
        long now = Instant.now().getEpochSecond();
        String sig = independentSignature(secret, "msg_1", now, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("success", "error")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Webhooks.verify(headers("msg_1", now, sig), tampered, secret))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void rejectsADeliverySignedWithAnotherSecret() throws Exception {
        long now = Instant.now().getEpochSecond();
        String other = newSecret(new SplittableRandom(SEED + 1));
        String sig = independentSignature(other, "msg_1", now, body);

        assertThatThrownBy(() -> Webhooks.verify(headers("msg_1", now, sig), body, secret))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void rejectsAnOldCorrectlySignedDelivery() throws Exception {
        long sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond();
        String sig = independentSignature(secret, "msg_1", sixMinutesAgo, body);

        assertThatThrownBy(() -> Webhooks.verify(headers("msg_1", sixMinutesAgo, sig), body, secret))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.TIMESTAMP_TOO_OLD));
    }

    @Test
    void acceptsTimestampsJustInsideTheToleranceEitherWayAndRejectsJustOutside() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (long offset : new long[] {-300, 300}) {
            long ts = now.getEpochSecond() + offset;
            assertThat(Webhooks.verify(headers("m", ts, independentSignature(secret, "m", ts, body)), body, secret, now,
                    Webhooks.DEFAULT_TOLERANCE).id()).isEqualTo("m");
        }
        long late = now.getEpochSecond() + 301;
        assertThatThrownBy(() -> Webhooks.verify(headers("m", late, independentSignature(secret, "m", late, body)),
                body, secret, now, Webhooks.DEFAULT_TOLERANCE))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.TIMESTAMP_TOO_NEW));
    }

    @Test
    void aRedatedReplayFailsBecauseTheTimestampIsSigned() throws Exception {
        long then = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        long now = Instant.now().getEpochSecond();
        String capturedSig = independentSignature(secret, "msg_1", then, body);

        assertThatThrownBy(() -> Webhooks.verify(headers("msg_1", now, capturedSig), body, secret))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void anyMatchingV1SignatureAmongSeveralIsEnoughAndOtherSchemesAreIgnored() throws Exception {
        long now = Instant.now().getEpochSecond();
        String old = independentSignature(newSecret(new SplittableRandom(SEED + 2)), "msg_1", now, body);
        String current = independentSignature(secret, "msg_1", now, body);
        String header = "v1a,AAAA " + old + " " + current;
        // header names in any case, values as lists (as servlet and JDK header maps give them)
        Map<String, List<String>> h = Map.of("Webhook-Id", List.of("msg_1"), "WEBHOOK-TIMESTAMP",
                List.of(Long.toString(now)), "webhook-signature", List.of(header));

        assertThat(Webhooks.verify(h, body, secret).id()).isEqualTo("msg_1");
    }

    @Test
    void missingHeadersAndMalformedValuesAreRefusedWithTheirReason() throws Exception {
        long now = Instant.now().getEpochSecond();
        String sig = independentSignature(secret, "msg_1", now, body);
        assertThatThrownBy(() -> Webhooks.verify(Map.of("webhook-id", "msg_1", "webhook-timestamp",
                Long.toString(now)), body, secret))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MISSING_HEADER));
        assertThatThrownBy(() -> Webhooks.verify(Map.of("webhook-id", "msg_1", "webhook-timestamp", "soon",
                "webhook-signature", sig), body, secret))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MALFORMED_TIMESTAMP));
        assertThatThrownBy(() -> Webhooks.verify(headers("msg_1", now, sig), body, "whsec_%%%"))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.INVALID_SECRET));
    }

    @Test
    void signAgreesWithTheIndependentImplementation() throws Exception {
        assertThat(Webhooks.sign(secret, "msg_9", 1_700_000_000L, body))
                .isEqualTo(independentSignature(secret, "msg_9", 1_700_000_000L, body));
    }
}
