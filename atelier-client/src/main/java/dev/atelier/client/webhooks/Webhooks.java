package dev.atelier.client.webhooks;

import dev.atelier.client.webhooks.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks verification (HMAC-SHA256, signature version {@code v1}):
 *
 * <pre>{@code
 * WebhookMessage m = Webhooks.verify(request.headers(), rawBody, "whsec_...");  // throws when not genuine
 * }</pre>
 *
 * <p>Verify the raw bytes as received: re-serialising parsed JSON changes them and breaks the signature.
 */
public final class Webhooks {
    /** How far a delivery's timestamp may be from now, either way (the reference libraries' 5 minutes). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";

    private Webhooks() {}

    /**
     * Verifies a delivery against now with the default tolerance.
     *
     * @param headers the request headers, names in any case; values a {@code String}, a {@code String[]} or a
     *                collection of strings (as servlet, JDK and framework header maps give them)
     * @param body    the raw body
     * @param secret  the endpoint secret, {@code whsec_<base64>}
     * @throws WebhookVerificationException when the delivery is not genuine or not current
     */
    public static WebhookMessage verify(Map<String, ?> headers, byte[] body, String secret) {
        return verify(headers, body, secret, Instant.now(), DEFAULT_TOLERANCE);
    }

    /** {@link #verify(Map, byte[], String)} of a body received as text (UTF-8). */
    public static WebhookMessage verify(Map<String, ?> headers, String body, String secret) {
        return verify(headers, body.getBytes(StandardCharsets.UTF_8), secret);
    }

    /**
     * Verifies a delivery at a given instant with a given tolerance.
     *
     * @throws WebhookVerificationException when the delivery is not genuine or not current
     */
    public static WebhookMessage verify(Map<String, ?> headers, byte[] body, String secret, Instant now,
            Duration tolerance) {
        byte[] key = key(secret);
        String id = single(headers, "webhook-id");
        String timestamp = single(headers, "webhook-timestamp");
        List<String> signatures = all(headers, "webhook-signature");
        if (id == null || timestamp == null || signatures.isEmpty()) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER,
                    "webhook-id, webhook-timestamp and webhook-signature are all required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException(Reason.MALFORMED_TIMESTAMP,
                    "webhook-timestamp must be integer Unix seconds, got '" + timestamp + "'");
        }
        Instant sent = Instant.ofEpochSecond(seconds);
        if (sent.isBefore(now.minus(tolerance))) {
            throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_OLD, "the delivery is from " + sent
                    + ", more than " + tolerance.toSeconds() + " s ago");
        }
        if (sent.isAfter(now.plus(tolerance))) {
            throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_NEW, "the delivery claims " + sent
                    + ", more than " + tolerance.toSeconds() + " s ahead");
        }
        byte[] expected = hmac(key, id, timestamp.trim(), body);
        boolean match = false;
        for (String header : signatures) {
            for (String entry : header.trim().split(" +")) {
                int comma = entry.indexOf(',');
                if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                    continue; // other schemes (v1a: asymmetric) are not ours to check
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(entry.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                // keep looping after a match so the time taken does not depend on which signature matched
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        if (!match) {
            throw new WebhookVerificationException(Reason.SIGNATURE_MISMATCH,
                    "no v1 signature matches this body under this secret");
        }
        return new WebhookMessage(id, sent, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * The {@code webhook-signature} value ({@code v1,<base64>}) for a delivery: what a producer sends, and what a
     * receiver's own tests can use to build deliveries.
     */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id, Long.toString(timestamp), body));
    }

    private static byte[] key(String secret) {
        if (secret == null) {
            throw new WebhookVerificationException(Reason.INVALID_SECRET, "the secret is missing");
        }
        String b64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(b64);
            if (key.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException(Reason.INVALID_SECRET,
                    "the secret must be whsec_ followed by Base64: " + e.getMessage());
        }
    }

    private static byte[] hmac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static String single(Map<String, ?> headers, String name) {
        List<String> values = all(headers, name);
        return values.isEmpty() ? null : values.getFirst();
    }

    private static List<String> all(Map<String, ?> headers, String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ?> e : headers.entrySet()) {
            if (e.getKey() == null || !e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                continue;
            }
            switch (e.getValue()) {
                case null -> { }
                case String s -> out.add(s);
                case String[] arr -> out.addAll(List.of(arr));
                case Collection<?> c -> c.forEach(v -> out.add(String.valueOf(v)));
                default -> out.add(String.valueOf(e.getValue()));
            }
        }
        return out;
    }
}
