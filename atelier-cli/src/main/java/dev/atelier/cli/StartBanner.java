package dev.atelier.cli;

import dev.atelier.imaging.NativeCodecs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The short form of {@code atelier doctor} that {@code serve} prints once it listens: how many features are ready,
 * which are not, and missing codecs, pointing at the doctor for the rest. The feature counts come from the server's
 * own {@code GET /s2s/v2.0/features}, so the banner says exactly what clients will see.
 */
final class StartBanner {
    private StartBanner() {}

    static List<String> lines(String baseUrl) {
        List<String> lines = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/s2s/v2.0/features"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode features = KeysCommand.JSON.readTree(r.body()).path("data").path("features");
            List<String> notReady = new ArrayList<>();
            for (JsonNode f : features) {
                if (!f.path("availability").path("available").asBoolean()) {
                    notReady.add(f.path("feature").asString());
                }
            }
            lines.add("Features: " + (features.size() - notReady.size()) + " of " + features.size() + " ready"
                    + (notReady.isEmpty() ? "" : "; not ready: " + String.join(", ", notReady)));
        } catch (IOException | RuntimeException e) {
            lines.add("Features: could not list them (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (NativeCodecs.Codec c : NativeCodecs.all()) {
            if (!c.found()) {
                lines.add("Codec " + c.name() + " missing (" + c.gives() + "): apt-get install " + c.debianPackage());
            }
        }
        lines.add("What each missing feature needs:  ./atelier doctor");
        return lines;
    }
}
