package dev.atelier.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.testing.PostgresSchema;
import dev.atelier.server.testing.RedisServer;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rate limits in Redis: two nodes on one PostgreSQL and one Redis share their buckets, and a Redis outage leaves each
 * node limiting on its own buckets (neither refusing everything nor letting everything through).
 */
class RedisRateLimitTest {
    private static final String CHEAP = "/s2s/v2.0/credit/feature-cost";

    /** A key prefix of its own, so runs never meet each other's buckets in a shared Redis. */
    private static String freshPrefix() {
        return "atelier-test-" + Long.toHexString(new SplittableRandom().nextLong() & Long.MAX_VALUE) + ":";
    }

    private static Map<String, String> limited(String redisUrl, String perIp, String perKey) {
        Map<String, String> s = new HashMap<>();
        s.put("ATELIER_RATE_LIMIT_ENABLED", "true");
        s.put("ATELIER_RATE_LIMIT_PER_IP", perIp);
        s.put("ATELIER_RATE_LIMIT_PER_KEY", perKey);
        s.put("ATELIER_REDIS_URL", redisUrl);
        s.put("ATELIER_REDIS_KEY_PREFIX", freshPrefix());
        return s;
    }

    private static void assertRefused(TestClient.Response r, long limit) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.header("RateLimit-Limit")).isEqualTo(Long.toString(limit));
        assertThat(r.header("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void twoNodesShareTheirBuckets() {
        String redis = RedisServer.url();
        try (PostgresSchema db = PostgresSchema.create()) {
            Map<String, String> settings = limited(redis, "1000", "6");
            settings.put("ATELIER_DB_URL", db.url());
            settings.put("ATELIER_SECRET", "shared-secret-of-the-redis-test-0123456789");
            try (TestServer a = TestServer.start(settings); TestServer b = TestServer.start(settings)) {
                // one key (made on node a, valid on b through the shared database), requests alternating
                TestClient onA = a.client();
                TestClient onB = b.anonymous().withToken(a.key().apiKey());
                for (int i = 0; i < 6; i++) {
                    TestClient.Response r = (i % 2 == 0 ? onA : onB).get(CHEAP);
                    assertThat(r.status()).as("request " + (i + 1) + ": " + r).isEqualTo(200);
                    assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(5 - i));
                }
                assertRefused(onA.get(CHEAP), 6);
                assertRefused(onB.get(CHEAP), 6);
                // another key still passes on both: the bucket is per credential, not per node
                TestClient other = b.anonymous().withToken(a.createKey("other").apiKey());
                assertThat(other.get(CHEAP).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void addressBucketIsSharedToo() {
        try (PostgresSchema db = PostgresSchema.create()) {
            Map<String, String> settings = limited(RedisServer.url(), "4", "1000");
            settings.put("ATELIER_DB_URL", db.url());
            try (TestServer a = TestServer.start(settings); TestServer b = TestServer.start(settings)) {
                for (int i = 0; i < 4; i++) {
                    assertThat((i % 2 == 0 ? a : b).client().get(CHEAP).status()).isEqualTo(200);
                }
                assertRefused(b.client().get(CHEAP), 4);
                assertRefused(a.anonymous().get(CHEAP), 4);
            }
        }
    }

    /** The decision in docs/decisions.md: Redis down means per-node buckets, not an open or a closed door. */
    @Test
    void redisOutageFallsBackToThisNodesBuckets() {
        try (RedisServer redis = RedisServer.startPrivate();
                TestServer node = TestServer.start(limited(redis.privateUrl(), "3", "1000"))) {
            TestClient c = node.client();
            assertThat(c.get(CHEAP).status()).isEqualTo(200);
            assertThat(c.get(CHEAP).status()).isEqualTo(200);
            redis.stop();
            // not closed: requests still pass, counted by this node's own bucket (a fresh one, 3 per window)
            for (int i = 0; i < 3; i++) {
                TestClient.Response r = c.get(CHEAP);
                assertThat(r.status()).as("during the outage, request " + (i + 1) + ": " + r).isEqualTo(200);
            }
            // not open: the node's own bucket runs out like the shared one would
            assertRefused(c.get(CHEAP), 3);
        }
    }

    @Test
    void unreachableRedisStopsStartupNamingTheSetting() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> TestServer.start(limited("redis://127.0.0.1:" + closedPort, "3", "3")).close())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("ATELIER_REDIS_URL")
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }
}
