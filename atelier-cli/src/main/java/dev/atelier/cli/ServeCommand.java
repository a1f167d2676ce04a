package dev.atelier.cli;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.config.NodeRole;
import dev.atelier.server.config.Settings;
import dev.atelier.server.web.PlaygroundKey;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier serve}: runs a node with embedded defaults until interrupted, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the server (SQLite and local files under the data directory by default).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--port", description = "TCP port (default: $ATELIER_PORT or 8080).")
    Integer port;

    @Option(names = "--host", description = "Interface to listen on (default: $ATELIER_HOST or 127.0.0.1).")
    String host;

    @Option(names = "--role", description = "api (HTTP only), worker (tasks and background jobs) or all "
            + "(default: $ATELIER_ROLE or all). Split roles need PostgreSQL and shared blobs.")
    String role;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            overrides.put("ATELIER_PORT", port.toString());
        }
        if (host != null) {
            overrides.put("ATELIER_HOST", host);
        }
        if (role != null) {
            overrides.put("ATELIER_ROLE", role);
        }
        Settings settings = common.settings(overrides);
        AtelierServer server = AtelierServer.start(settings, InstantSource.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "atelier-shutdown"));
        NodeRole nodeRole = NodeRole.from(settings.source());
        System.out.println("Atelier (" + nodeRole + " node) is running at " + server.baseUrl() + "  (data: "
                + settings.dataDir() + ")");
        if (nodeRole.servesApi()) {
            System.out.println(PlaygroundKey.forServe(server.credentials(), settings.dataDir(), settings.host())
                    .describe(server.baseUrl()));
            System.out.println("Create an API key in another terminal:  ./atelier keys create --name me");
            StartBanner.lines(server.baseUrl()).forEach(System.out::println);
            System.out.println(server.screeningStatus());
        } else {
            System.out.println("This worker node runs tasks and answers only /healthz, /readyz and /metrics.");
        }
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }
}
