package dev.atelier.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Redis for the scaled-mode tests. {@link #url()} finds one ({@code ATELIER_TEST_REDIS_URL}, else the local server on
 * 6379) or starts a private {@code redis-server}; {@link #startPrivate()} always starts a private one that the test
 * may stop and start again (an outage). Without Redis the test skips, unless {@code ATELIER_REQUIRE_REDIS=1} makes
 * that a failure.
 */
public final class RedisServer implements AutoCloseable {
    private static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    private static volatile RedisServer started; // the one started for url(), kept for the JVM's lifetime

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** A reachable Redis's URL: the configured or local one, else a private one started for this JVM. */
    public static synchronized String url() {
        String configured = Optional.ofNullable(System.getenv("ATELIER_TEST_REDIS_URL")).filter(u -> !u.isBlank())
                .orElse(DEFAULT_URL);
        URI uri = URI.create(configured);
        if (answers(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
            return configured;
        }
        if (started == null) {
            started = startPrivate();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return started.privateUrl();
    }

    /** Starts a private {@code redis-server} on a free loopback port, keeping nothing on disk. */
    public static RedisServer startPrivate() {
        Path binary = Path.of(Optional.ofNullable(System.getenv("ATELIER_REDIS_SERVER")).orElse("/usr/bin/redis-server"));
        if (!Files.isExecutable(binary)) {
            unavailable("no Redis answers and " + binary + " is missing (Debian package redis-server)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RedisServer server = new RedisServer(port);
        server.start();
        return server;
    }

    private static void unavailable(String why) {
        if ("1".equals(System.getenv("ATELIER_REQUIRE_REDIS"))) {
            fail(why + " but ATELIER_REQUIRE_REDIS=1");
        }
        assumeTrue(false, why + ": skipping the Redis test");
    }

    public String privateUrl() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (or starts again, on the same port) the server process and waits until it answers PING. */
    public synchronized void start() {
        try {
            process = new ProcessBuilder(Optional.ofNullable(System.getenv("ATELIER_REDIS_SERVER"))
                    .orElse("/usr/bin/redis-server"), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        for (int i = 0; i < 500 && !answers("127.0.0.1", port); i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
            sleep(20); // readiness, not timing
        }
        if (!answers("127.0.0.1", port)) {
            throw new IllegalStateException("redis-server on port " + port + " does not answer");
        }
    }

    /** Stops the process (an outage); {@link #start} brings it back empty. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(5);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
