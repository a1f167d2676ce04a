package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits of input downloads, against a loopback server the allow-list opens. */
class SafeFetcherTest {
    private static final int VIDEO_MB = 48;
    private HttpServer server;
    private String base;
    private final SafeFetcher fetcher = new SafeFetcher(new AddressGuard(List.of("127.0.0.0/8")),
            Duration.ofSeconds(5), 2);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/small", ex -> respond(ex, 200, new byte[100]));
        server.createContext("/big", ex -> respond(ex, 200, new byte[5000]));
        server.createContext("/missing", ex -> respond(ex, 404, new byte[0]));
        server.createContext("/hop1", ex -> redirect(ex, "/hop2"));
        server.createContext("/hop2", ex -> redirect(ex, "/hop3"));
        server.createContext("/hop3", ex -> redirect(ex, "/small"));
        server.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0); // no Content-Length: the limit must hold while reading
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1000]);
                }
            }
        });
        server.createContext("/video", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, VIDEO_MB MiB of a byte pattern
            byte[] chunk = new byte[1 << 20];
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < VIDEO_MB; i++) {
                    java.util.Arrays.fill(chunk, (byte) i);
                    out.write(chunk);
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    @Test
    void fetchesWithinTheLimit() throws Exception {
        assertThat(fetcher.fetch(base + "/small", 1000).bytes()).hasSize(100);
    }

    @Test
    void refusesBodiesOverTheLimitByHeaderAndWhileStreaming() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/big", 1000)).hasMessageContaining("limit");
        assertThatThrownBy(() -> fetcher.fetch(base + "/chunked", 50_000)).hasMessageContaining("limit");
    }

    @Test
    void followsAtMostTheConfiguredRedirectsAndChecksEveryHop() throws Exception {
        assertThatThrownBy(() -> fetcher.fetch(base + "/hop1", 1000)).hasMessageContaining("redirected more than 2");
        assertThat(fetcher.fetch(base + "/hop2", 1000).bytes()).hasSize(100);
        assertThatThrownBy(() -> fetcher.fetch(base + "/to-metadata", 1000))
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void videosAreStreamedToAFileNotHeldInMemory(@TempDir Path dir) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        Path target = dir.resolve("input");
        long before = threads.getThreadAllocatedBytes(tid);
        fetcher.fetchTo(base + "/video", 100L << 20, target);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(Files.size(target)).isEqualTo((long) VIDEO_MB << 20);
        try (var in = Files.newInputStream(target)) {
            for (int i = 0; i < VIDEO_MB; i++) {
                byte[] mib = in.readNBytes(1 << 20);
                assertThat(mib[0]).isEqualTo((byte) i);
                assertThat(mib[mib.length - 1]).isEqualTo((byte) i);
            }
        }
        // Buffered in memory, the calling thread would allocate at least the 48 MiB it returns; streamed, it
        // allocates its 64 KiB buffer and the HTTP exchange's small objects.
        assertThat(allocated).as("bytes allocated by the fetching thread").isLessThan(8L << 20);

        assertThatThrownBy(() -> fetcher.fetchTo(base + "/video", 10L << 20, target)).hasMessageContaining("limit");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesOtherSchemesErrorsAndCredentials() {
        assertThatThrownBy(() -> fetcher.fetch("file:///etc/passwd", 1000)).hasMessageContaining("http");
        assertThatThrownBy(() -> fetcher.fetch(base + "/missing", 1000)).hasMessageContaining("404");
        assertThatThrownBy(() -> fetcher.fetch("http://user:pw@127.0.0.1:1/x", 1000))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> new SafeFetcher(new AddressGuard(List.of()), Duration.ofSeconds(2), 1)
                .fetch(base + "/small", 1000)).hasMessageContaining("loopback");
    }
}
