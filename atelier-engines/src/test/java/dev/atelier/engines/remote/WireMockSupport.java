package dev.atelier.engines.remote;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Helpers to read back what Atelier sent to a fake upstream. */
final class WireMockSupport {
    private WireMockSupport() {}

    /** All requests the fake upstream received, oldest first. */
    static List<LoggedRequest> requests(WireMockExtension wm) {
        return wm.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).toList();
    }

    static LoggedRequest only(WireMockExtension wm, String pathPrefix) {
        List<LoggedRequest> matching = requests(wm).stream().filter(r -> r.getUrl().startsWith(pathPrefix)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one request to " + pathPrefix + ", got " + matching.size() + ": "
                    + requests(wm).stream().map(r -> r.getMethod() + " " + r.getUrl()).toList());
        }
        return matching.getFirst();
    }

    static JsonNode json(LoggedRequest r) {
        return Json.MAPPER.readTree(r.getBodyAsString());
    }

    static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    /** Multipart parts by name; repeated names get {@code name#2}, {@code name#3}. */
    static Map<String, Request.Part> parts(LoggedRequest r) {
        Map<String, Request.Part> parts = new LinkedHashMap<>();
        for (Request.Part p : r.getParts()) {
            String name = p.getName();
            int i = 2;
            while (parts.containsKey(name)) {
                name = p.getName() + "#" + i++;
            }
            parts.put(name, p);
        }
        return parts;
    }

    static String text(Request.Part p) {
        return new String(p.getBody().asBytes(), StandardCharsets.UTF_8);
    }
}
