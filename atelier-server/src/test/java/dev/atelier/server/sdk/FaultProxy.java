package dev.atelier.server.sdk;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.server.ops.Operations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A small HTTP proxy in front of a test server that the SDK tests talk to: it records every exchange, checks each
 * API exchange it forwards against {@code openapi.yaml} (as {@code TestClient} does for hand-written requests), and
 * injects the faults a test queues — an error answer instead of forwarding, or forwarding and then losing the
 * server's answer behind an error (the case request_id idempotency exists for).
 */
final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive");
    private static volatile OpenApiInteractionValidator validator;

    /** One exchange as the client saw it. */
    record Exchange(String method, String path, byte[] requestBody, int status, boolean forwarded,
            byte[] serverBody) {
        String requestText() {
            return new String(requestBody, StandardCharsets.UTF_8);
        }

        String serverText() {
            return serverBody == null ? null : new String(serverBody, StandardCharsets.UTF_8);
        }
    }

    /** What to do instead of a plain forward. */
    sealed interface Fault {
        /** Answer with this status and error body without telling the server. */
        record Refuse(int status, String errorCode, Map<String, String> headers) implements Fault {}

        /** Forward, let the server act, then answer with this status instead of the server's answer. */
        record LoseAnswer(int status, String errorCode) implements Fault {}
    }

    private record Rule(Predicate<String> request, Fault fault) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Deque<Rule> rules = new ArrayDeque<>();
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final List<String> contractErrors = Collections.synchronizedList(new ArrayList<>());
    private volatile URI target;

    private FaultProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static FaultProxy start() {
        try {
            return new FaultProxy();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where requests go, e.g. the test server's real port (set after the server starts with this proxy's URL). */
    void forwardTo(int port) {
        this.target = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Applies {@code fault} to the next request whose {@code "METHOD path"} matches; queued faults are used in order,
     * once each.
     */
    synchronized void inject(Predicate<String> request, Fault fault) {
        rules.addLast(new Rule(request, fault));
    }

    /** Every exchange so far whose {@code "METHOD path"} matches. */
    List<Exchange> exchanges(Predicate<String> request) {
        synchronized (exchanges) {
            return exchanges.stream().filter(e -> request.test(e.method() + " " + e.path())).toList();
        }
    }

    /** Mismatches between forwarded exchanges and openapi.yaml; tests assert it is empty. */
    List<String> contractErrors() {
        return List.copyOf(contractErrors);
    }

    private synchronized Fault take(String request) {
        for (var it = rules.iterator(); it.hasNext();) {
            Rule r = it.next();
            if (r.request().test(request)) {
                it.remove();
                return r.fault();
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Fault fault = take(method + " " + path);
            if (fault instanceof Fault.Refuse(int status, String code, Map<String, String> headers)) {
                headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                // recorded before answering, so a test that has its answer also sees the exchange
                exchanges.add(new Exchange(method, path, body, status, false, null));
                respond(ex, status, errorBody(status, code), "application/json");
                return;
            }
            HttpResponse<byte[]> r = forward(ex, method, path, body);
            validate(method, path, body, ex.getRequestHeaders().getFirst("Content-Type"), r);
            if (fault instanceof Fault.LoseAnswer(int status, String code)) {
                exchanges.add(new Exchange(method, path, body, status, true, r.body()));
                respond(ex, status, errorBody(status, code), "application/json");
                return;
            }
            r.headers().map().forEach((k, vs) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            exchanges.add(new Exchange(method, path, body, r.statusCode(), true, r.body()));
            respond(ex, r.statusCode(), r.body(), null);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path)).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> b.header(k, v));
            }
        });
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static byte[] errorBody(int status, String code) {
        return ("{\"status\":" + status + ",\"error\":\"injected by the test proxy\""
                + (code == null ? "" : ",\"error_code\":\"" + code + "\"") + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void validate(String method, String path, byte[] body, String contentType, HttpResponse<byte[]> r) {
        boolean multipart = contentType != null && contentType.startsWith("multipart/");
        if (!(path.startsWith("/s2s/") || path.startsWith("/v1/") && !multipart)) {
            return; // signed upload and download URLs carry bytes, not JSON; the validator cannot read forms
        }
        URI uri = URI.create("http://x" + path);
        SimpleRequest.Builder req = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getPath());
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                req.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (body.length > 0) {
            req.withBody(new String(body, StandardCharsets.UTF_8)).withContentType(contentType);
        }
        req.withHeader("Authorization", "Bearer x");
        SimpleResponse.Builder res = SimpleResponse.Builder.status(r.statusCode());
        String ct = r.headers().firstValue("Content-Type").orElse(null);
        if (ct != null) {
            res.withContentType(ct);
            if (ct.startsWith("application/json") || ct.startsWith("text/")) { // event streams are text too
                res.withBody(new String(r.body(), StandardCharsets.UTF_8));
            }
        }
        ValidationReport report = validator().validate(req.build(), res.build());
        if (report.hasErrors()) {
            contractErrors.add(method + " " + path + " -> " + r.statusCode() + ": " + report.getMessages());
        }
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (FaultProxy.class) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                            new String(Operations.openApiDocument(), StandardCharsets.UTF_8)).build();
                }
            }
        }
        return validator;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        http.shutdownNow();
    }
}
