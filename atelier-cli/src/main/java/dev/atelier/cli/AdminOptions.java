package dev.atelier.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The options of operator commands that can work on a running server through its admin API ({@code /admin/v1/…})
 * instead of on a data directory: where, and the operator's {@code ATELIER_ADMIN_TOKEN}. For deployments whose
 * operator reaches only the API (many nodes, a managed database).
 */
final class AdminOptions {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--server", paramLabel = "URL", description = "Work on this server's admin API instead of --data.")
    URI server;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:ATELIER_ADMIN_TOKEN}",
            description = "The server's ATELIER_ADMIN_TOKEN for --server (default: $ATELIER_ADMIN_TOKEN).")
    String token;

    boolean remote() {
        return server != null;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(KeysCommand.JSON.writeValueAsString(body))), path);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), path);
    }

    private URI uri(String path) {
        String base = server.toString().replaceAll("/+$", "");
        return URI.create(base + path);
    }

    /** The answer's {@code data} (or the whole body when there is none); an error answer becomes its message. */
    private JsonNode send(HttpRequest.Builder request, String path) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--server needs the admin token: --admin-token TOKEN or $ATELIER_ADMIN_TOKEN");
        }
        HttpRequest r = request.timeout(TIMEOUT).header("Authorization", "Bearer " + token).build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            response = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode body;
        try {
            body = KeysCommand.JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(r.method() + " " + path + " answered HTTP " + response.statusCode()
                    + " without JSON; is " + server + " an Atelier server?");
        }
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException(r.method() + " " + path + ": HTTP " + response.statusCode() + " "
                    + body.path("error_code").asString("") + ": " + body.path("error").asString(response.body()));
        }
        return body.has("data") ? body.get("data") : body;
    }
}
