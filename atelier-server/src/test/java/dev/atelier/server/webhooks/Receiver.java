package dev.atelier.server.webhooks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a customer would write one, verifying with its own implementation of Standard Webhooks (not
 * the server's {@code Signature}): secret decoding, the signed content, constant-time comparison of every listed
 * signature, and a 5-minute timestamp tolerance. It answers from a script of statuses, then 200.
 */
final class Receiver implements AutoCloseable {
    /** One request as received, with the verification result. */
    record Received(String id, long timestamp, String body, boolean verified) {}

    /** A scripted answer. */
    record Answer(int status, Map<String, String> headers) {}

    private final HttpServer http;
    private final Supplier<Instant> now;
    private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private volatile String secret;

    Receiver(Supplier<Instant> now) throws IOException {
        this.now = now;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers h = exchange.getRequestHeaders();
            boolean ok = verify(secret, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), body, now.get());
            received.add(new Received(h.getFirst("webhook-id"), Long.parseLong(h.getFirst("webhook-timestamp")),
                    new String(body, StandardCharsets.UTF_8), ok));
            Answer a = script.pollFirst();
            if (a == null) {
                a = new Answer(ok ? 200 : 400, Map.of());
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        });
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    void secret(String whsec) {
        this.secret = whsec;
    }

    void answer(int status) {
        script.addLast(new Answer(status, Map.of()));
    }

    void answer(int status, String header, String value) {
        script.addLast(new Answer(status, Map.of(header, value)));
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Standard Webhooks verification, written from the spec. */
    static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (secret == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > 300) {
            return false;
        }
        if (!secret.startsWith("whsec_")) {
            return false;
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String sig : signatures.split(" ")) {
            String[] parts = sig.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(parts[1]);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(given, expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
