package dev.atelier.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONTRACTS D.2 over real HTTP: per-address and per-credential limits, both enforced, with standard headers. */
class RateLimitTest {
    private static final String CHEAP = "/s2s/v2.0/credit/feature-cost";
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(Map<String, String> settings) {
        java.util.Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("ATELIER_RATE_LIMIT_ENABLED", "true");
        server = TestServer.start(all);
        return server;
    }

    private static void assertLimited(TestClient.Response r, long limit) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.json().path("status").asInt()).isEqualTo(429);
        assertThat(r.json().path("error").asString()).isEqualTo("Too many requests");
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.header("RateLimit-Limit")).isEqualTo(Long.toString(limit));
        assertThat(r.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(r.header("RateLimit-Reset"))).isPositive();
    }

    @Test
    void theHundredAndFirstRequestWithOneCredentialIsRefusedWhateverTheAddress() {
        start(Map.of("ATELIER_TRUSTED_PROXIES", "127.0.0.1"));
        TestClient c = server.client();
        for (int i = 1; i <= 100; i++) {
            TestClient.Response r = c.withHeader("X-Forwarded-For", "203.0.113." + i).get(CHEAP);
            assertThat(r.status()).as("request " + i + ": " + r).isEqualTo(200);
            assertThat(r.header("RateLimit-Remaining")).isEqualTo(Long.toString(100 - i));
            assertThat(r.header("RateLimit-Limit")).isEqualTo("100");
        }
        assertLimited(c.withHeader("X-Forwarded-For", "198.51.100.1").get(CHEAP), 100);

        // another credential from the same addresses is not affected
        TestClient other = server.anonymous().withToken(server.createKey("other").apiKey());
        assertThat(other.withHeader("X-Forwarded-For", "203.0.113.1").get(CHEAP).status()).isEqualTo(200);

        // the window ends
        server.clock().advance(Duration.ofMinutes(1));
        assertThat(c.withHeader("X-Forwarded-For", "198.51.100.1").get(CHEAP).status()).isEqualTo(200);
    }

    @Test
    void theHundredAndFirstRequestFromOneAddressIsRefusedWhateverTheCredential() {
        start(Map.of("ATELIER_TRUSTED_PROXIES", "127.0.0.0/8"));
        TestClient a = server.client().withHeader("X-Forwarded-For", "203.0.113.7, 127.0.0.1");
        TestClient b = a.withToken(server.createKey("b").apiKey());
        for (int i = 1; i <= 100; i++) {
            TestClient.Response r = (i % 2 == 0 ? a : b).get(CHEAP);
            assertThat(r.status()).as("request " + i + ": " + r).isEqualTo(200);
        }
        TestClient fresh = a.withToken(server.createKey("c").apiKey());
        assertLimited(fresh.get(CHEAP), 100);
        assertThat(fresh.withHeader("X-Forwarded-For", "203.0.113.8").get(CHEAP).status()).isEqualTo(200);
        server.clock().advance(Duration.ofMinutes(5));
        assertThat(a.get(CHEAP).status()).isEqualTo(200);
    }

    @Test
    void forwardedForIsIgnoredUnlessTheProxyIsTrusted() {
        start(Map.of("ATELIER_RATE_LIMIT_PER_IP", "3", "ATELIER_RATE_LIMIT_PER_KEY", "1000"));
        for (int i = 1; i <= 3; i++) {
            TestClient.Response r = server.client().withHeader("X-Forwarded-For", "203.0.113." + i).get(CHEAP);
            assertThat(r.status()).isEqualTo(200);
        }
        assertLimited(server.client().withHeader("X-Forwarded-For", "203.0.113.99").get(CHEAP), 3);
    }

    @Test
    void unauthenticatedFloodsAreLimitedToo() {
        start(Map.of("ATELIER_RATE_LIMIT_PER_KEY", "2", "ATELIER_RATE_LIMIT_PER_IP", "1000"));
        TestClient bad = server.anonymous().withToken("guess");
        assertThat(bad.get(CHEAP).status()).isEqualTo(401);
        assertThat(bad.get(CHEAP).status()).isEqualTo(401);
        assertLimited(bad.get(CHEAP), 2);
    }

    @Test
    void clientAddressResolutionWalksTheChainFromTheRight() {
        ClientAddress none = new ClientAddress(java.util.List.of());
        assertThat(none.resolve("10.0.0.1", "1.2.3.4")).isEqualTo("10.0.0.1");
        ClientAddress proxies = new ClientAddress(java.util.List.of("10.0.0.0/8", "::1"));
        assertThat(proxies.resolve("10.0.0.1", "1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(proxies.resolve("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.9")).isEqualTo("1.2.3.4");
        assertThat(proxies.resolve("::1", "[2001:db8::1]:443")).isEqualTo("2001:db8::1");
        assertThat(proxies.resolve("10.0.0.1", "1.2.3.4:5678")).isEqualTo("1.2.3.4");
        assertThat(proxies.resolve("192.168.1.1", "1.2.3.4")).isEqualTo("192.168.1.1");
        assertThat(proxies.resolve("10.0.0.1", "evil.example, 1.2.3.4")).isEqualTo("1.2.3.4");
    }
}
