package dev.atelier.server.testing;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM, for what an in-process node cannot show: a {@code kill -9} mid-task. It runs this class's
 * {@link #main} with the test class path and the settings as environment; its log goes to {@code node.log} in its
 * data directory.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dataDir;

    private NodeProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a node with these environment-style settings and waits until it answers {@code /readyz}. */
    public static NodeProcess start(Map<String, String> settings) {
        try {
            Path data = Files.createTempDirectory("atelier-node-");
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            // -Xss8m: ONNX Runtime's environment set-up overflows the default 1 MB stack of a launcher's main thread
            // here (SIGSEGV, exit 139, no JVM crash report); the surefire JVM and the CLI are not affected.
            ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-Xss8m", "-Xshare:off",
                    "-XX:ErrorFile=" + data.resolve("hs_err.log"),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    NodeProcess.class.getName()));
            Map<String, String> env = new HashMap<>(settings);
            env.put("ATELIER_DATA", data.toString());
            env.put("ATELIER_PORT", Integer.toString(port));
            env.putIfAbsent("ATELIER_WORKERS", "1");
            env.putIfAbsent("ATELIER_RATE_LIMIT_ENABLED", "false");
            pb.environment().putAll(env);
            pb.redirectErrorStream(true).redirectOutput(data.resolve("node.log").toFile());
            NodeProcess node = new NodeProcess(pb.start(), port, data);
            node.awaitReady();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node process exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("node.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200); // polling a child process, not a timed assertion
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("node process not ready within 120 s; see " + dataDir.resolve("node.log"));
    }

    /** The process id, which the node's id (and so its workers' lease owners) ends with. */
    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of this node with the given API key (create one through the admin API). */
    public TestClient client(String apiKey) {
        return new TestClient(baseUrl(), apiKey);
    }

    /** The node's log so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dataDir.resolve("node.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code kill -9}: the JVM gets no chance to drain, release leases or say goodbye. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** The child's entry point: a node with the environment's settings and the system clock, until killed. */
    public static void main(String[] args) throws InterruptedException {
        AtelierServer.start(Settings.from(SettingsSource.fromEnvironment()), InstantSource.system());
        Thread.currentThread().join();
    }
}
