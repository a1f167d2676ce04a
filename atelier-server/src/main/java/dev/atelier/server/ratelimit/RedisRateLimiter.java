package dev.atelier.server.ratelimit;

import dev.atelier.server.config.SettingsException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets kept in Redis (Bucket4j's compare-and-swap buckets over Lettuce), so every node of a deployment
 * counts against the same bucket. Keys are {@code prefix + "rl:" + name} and expire once their bucket is full again,
 * so Redis holds only buckets in use. Bucket time is the node's clock: nodes must keep their clocks in step (NTP).
 *
 * <p>When Redis fails at run time, each request is decided by this node's own in-memory buckets instead: the limits
 * keep holding per node (at most the number of nodes times the limit in all), and the API stays up. See
 * docs/decisions.md ("Redis down: limits fall back to each node"). A warning is logged at most once a minute while
 * that lasts; once Redis answers again the shared buckets are used again.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final ProxyManager<byte[]> buckets;
    private final String prefix;
    private final RateLimiter fallback;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

    private RedisRateLimiter(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection, String prefix,
            InstantSource clock, int maxLocalBuckets) {
        this.client = client;
        this.connection = connection;
        this.prefix = prefix + "rl:";
        this.fallback = new LocalRateLimiter(clock, maxLocalBuckets);
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .clientClock(new ClockTime(clock))
                .requestTimeout(connection.getTimeout())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
    }

    /**
     * Connects to Redis at {@code url} ({@code redis://host:6379/0}, {@code rediss://} for TLS). An unreachable
     * server stops the node at startup: a typo in the URL should not quietly leave every node on its own buckets.
     *
     * @param maxLocalBuckets bound of the in-memory buckets used while Redis is down
     */
    public static RedisRateLimiter connect(String url, String prefix, InstantSource clock, int maxLocalBuckets) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("ATELIER_REDIS_URL is not a Redis URL (redis://host:6379): " + e.getMessage());
        }
        if (!url.contains("timeout=")) {
            uri.setTimeout(Duration.ofSeconds(1)); // Lettuce waits a minute by default; a limit check must not
        }
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while disconnected, fail at once (and use the local buckets) rather than queue behind the timeout
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            connection.sync().ping();
            log.info("rate limits shared through Redis at {}:{}", uri.getHost(), uri.getPort());
            return new RedisRateLimiter(client, connection, prefix, clock, maxLocalBuckets);
        } catch (RedisException e) {
            client.shutdown();
            throw new SettingsException("Redis at " + uri.getHost() + ":" + uri.getPort() + " is not reachable ("
                    + e.getMessage() + "); check ATELIER_REDIS_URL, or unset it to keep rate limits on each node");
        }
    }

    @Override
    public Decision consume(String name, Limit limit) {
        BucketConfiguration config = BucketConfiguration.builder().addLimit(LocalRateLimiter.bandwidth(limit)).build();
        byte[] key = (prefix + name).getBytes(StandardCharsets.UTF_8);
        try {
            return LocalRateLimiter.decision(limit,
                    buckets.getProxy(key, () -> config).tryConsumeAndReturnRemaining(1));
        } catch (RuntimeException e) {
            warn(e);
            return fallback.consume(name, limit);
        }
    }

    private void warn(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY.toNanos()) && lastWarning.compareAndSet(last, now)) {
            log.warn("Redis rate-limit buckets unavailable ({}); limiting on this node's own buckets until it "
                    + "answers again", e.toString());
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
