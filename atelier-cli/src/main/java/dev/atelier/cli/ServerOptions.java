package dev.atelier.cli;

import dev.atelier.client.AtelierClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** The options of commands that can talk to a server through the SDK: where, and with which API key. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", description = "Work on this server through the SDK.")
    URI server;

    @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:ATELIER_API_KEY}",
            description = "API key for --server (default: $ATELIER_API_KEY).")
    String key;

    boolean remote() {
        return server != null;
    }

    /**
     * A client of {@link #server}.
     *
     * @throws IllegalArgumentException for a bad URL or a missing key, with a message for the command line
     */
    AtelierClient client() {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--server needs an API key: --key KEY or $ATELIER_API_KEY");
        }
        return AtelierClient.builder().baseUrl(server.toString()).apiKey(key).build();
    }
}
