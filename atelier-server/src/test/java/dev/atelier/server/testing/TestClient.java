package dev.atelier.server.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against a test node. Every JSON exchange is checked against the server's {@code openapi.yaml}: a
 * request or response the document does not describe fails the test that made it.
 */
public final class TestClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private static volatile OpenApiInteractionValidator validator;

    private final String baseUrl;
    private final String token;
    private final Map<String, String> extraHeaders;

    TestClient(String baseUrl, String token) {
        this(baseUrl, token, Map.of());
    }

    private TestClient(String baseUrl, String token, Map<String, String> extraHeaders) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    public TestClient withToken(String newToken) {
        return new TestClient(baseUrl, newToken, extraHeaders);
    }

    /** A copy that sends {@code name: value} on every request (e.g. X-Forwarded-For). */
    public TestClient withHeader(String name, String value) {
        Map<String, String> h = new java.util.HashMap<>(extraHeaders);
        h.put(name, value);
        return new TestClient(baseUrl, token, h);
    }

    /** A response: status, headers, body bytes, and the body as JSON when it is JSON. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + text();
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    /** A streaming answer (server-sent events): status, headers, and the body's lines as they arrive. */
    public record Streaming(int status, Map<String, List<String>> headers, java.util.stream.Stream<String> lines) {}

    /** GET a streaming response; its status and content type are checked against the document, not its body. */
    public Streaming stream(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        extraHeaders.forEach(b::header);
        try {
            HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            // the body is still arriving: the document's status and content type are checked, with a stand-in body
            byte[] standIn = r.statusCode() == 200 ? ": stream\n".getBytes(StandardCharsets.UTF_8) : new byte[0];
            validate("GET", path, null, null, new Response(r.statusCode(), r.headers().map(), standIn));
            return new Streaming(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET with extra request headers (e.g. {@code If-None-Match}). */
    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, null, headers);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, Object jsonBody) {
        return send("POST", path, JSON.writeValueAsString(jsonBody), "application/json");
    }

    /**
     * POSTs a {@code multipart/form-data} body: {@code fields} as text parts and {@code files} (name → bytes; a name
     * may end in {@code #n} to repeat it) as file parts. Only the response is checked against the document.
     */
    public Response postMultipart(String path, Map<String, String> fields, Map<String, byte[]> files) {
        String boundary = "atelier-test-" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> w = t -> out.writeBytes(t.getBytes(StandardCharsets.UTF_8));
        fields.forEach((k, v) -> {
            w.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n");
        });
        files.forEach((k, v) -> {
            String name = k.contains("#") ? k.substring(0, k.indexOf('#')) : k;
            w.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + name.replace("[]", "") + ".png\"\r\nContent-Type: image/png\r\n\r\n");
            out.writeBytes(v);
            w.accept("\r\n");
        });
        w.accept("--" + boundary + "--\r\n");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        Response r = exchange(b.build());
        validate("POST", path, null, null, r);
        return r;
    }

    public Response postRaw(String path, String body) {
        return send("POST", path, body, "application/json");
    }

    private Response send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, Map.of());
    }

    private Response send(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        extraHeaders.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        Response r = exchange(b.build());
        validate(method, path, body, contentType, r);
        return r;
    }

    /** PUT raw bytes to an absolute (signed) URL with the given headers. */
    public static Response put(String url, byte[] bytes, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Length")) { // the JDK client sets it from the body
                b.header(k, v);
            }
        });
        return exchange(b.build());
    }

    /** GET an absolute URL (signed downloads). */
    public static Response fetch(String url) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static Response exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (TestClient.class) {
                if (validator == null) {
                    String spec = new String(dev.atelier.server.ops.Operations.openApiDocument(), StandardCharsets.UTF_8);
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
                }
            }
        }
        return validator;
    }

    private static void validate(String method, String path, String body, String contentType, Response r) {
        URI uri = URI.create("http://x" + path);
        SimpleRequest.Builder req = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getPath());
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                req.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (body != null) {
            req.withBody(body).withContentType(contentType);
        }
        req.withHeader("Authorization", "Bearer x");
        SimpleResponse.Builder res = SimpleResponse.Builder.status(r.status());
        String ct = r.header("Content-Type");
        if (ct != null) {
            res.withContentType(ct);
        }
        // every text body is checked: JSON, plain text, event streams, the playground's pages (documented too)
        if (ct != null && (ct.startsWith("application/json") || ct.startsWith("text/") || ct.contains("yaml"))) {
            res.withBody(r.text());
        }
        ValidationReport report = validator().validate(req.build(), res.build());
        if (r.status() >= 400 || body == null && method.equals("POST")) {
            // Negative tests send bodies the document rejects on purpose, and multipart bodies are not checked here:
            // check only the response.
            report = ValidationReport.from(report.getMessages().stream()
                    .filter(m -> !m.getKey().startsWith("validation.request")).toList());
        }
        if (report.hasErrors()) {
            throw new AssertionError("OpenAPI mismatch for " + method + " " + path + " -> " + r + ":\n"
                    + report.getMessages().stream().map(m -> m.getLevel() + " " + m.getKey() + ": " + m.getMessage()
                            + " " + m.getNestedMessages()).toList());
        }
    }
}
