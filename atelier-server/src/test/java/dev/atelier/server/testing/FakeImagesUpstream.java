package dev.atelier.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake upstream speaking the OpenAI images wire format ({@code /v1/images/generations}, {@code /edits},
 * {@code /variations}): it answers {@code b64_json} PNGs of the requested size (1024x1024 by default), a
 * {@code revised_prompt} for dall-e-3 and token usage for GPT image models, and records every request for the test to
 * inspect. {@link #answer} replaces the answers (error bodies, slow or odd upstreams).
 */
public final class FakeImagesUpstream implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    /** One request as received. */
    public record Received(String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The parts of a multipart body by name (repeated names get {@code name#2}, ...). */
        public Map<String, byte[]> parts() {
            Matcher m = BOUNDARY.matcher(header("Content-Type"));
            if (!m.find()) {
                throw new IllegalStateException("not multipart: " + header("Content-Type"));
            }
            byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
            String all = new String(body, StandardCharsets.ISO_8859_1);
            String d = new String(delimiter, StandardCharsets.ISO_8859_1);
            Map<String, byte[]> parts = new LinkedHashMap<>();
            for (String chunk : all.split(Pattern.quote(d))) {
                int headerEnd = chunk.indexOf("\r\n\r\n");
                if (headerEnd < 0) {
                    continue;
                }
                Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(chunk.substring(0, headerEnd));
                if (!name.find()) {
                    continue;
                }
                String content = chunk.substring(headerEnd + 4);
                if (content.endsWith("\r\n")) {
                    content = content.substring(0, content.length() - 2);
                }
                String key = name.group(1);
                int i = 2;
                while (parts.containsKey(key)) {
                    key = name.group(1) + "#" + i++;
                }
                parts.put(key, content.getBytes(StandardCharsets.ISO_8859_1));
            }
            return parts;
        }

        public String field(String name) {
            byte[] v = parts().get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
    }

    /** An answer: status and JSON body. */
    public record Answer(int status, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> answers;

    private FakeImagesUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/images/", this::handle);
        server.start();
    }

    public static FakeImagesUpstream start() {
        try {
            return new FakeImagesUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to configure as {@code ATELIER_PROVIDER_<NAME>_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Settings for an OpenAI-compatible provider named {@code name} pointing here. */
    public Map<String, String> settings(String name, String models) {
        String p = "ATELIER_PROVIDER_" + name.toUpperCase(java.util.Locale.ROOT) + "_";
        Map<String, String> s = new LinkedHashMap<>();
        s.put(p + "TYPE", "openai-compatible");
        s.put(p + "BASE_URL", baseUrl());
        s.put(p + "API_KEY", "upstream-secret");
        s.put(p + "MODELS", models);
        s.put(p + "PRICES", "dall-e-3=0.04,*=0.02");
        return s;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        return received.getLast();
    }

    /** Replaces the standard answers; {@code null} restores them. */
    public void answer(Function<Received, Answer> fn) {
        answers = fn;
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers,
                ex.getRequestBody().readAllBytes());
        received.add(r);
        Function<Received, Answer> fn = answers;
        Answer a = fn != null ? fn.apply(r) : standard(r);
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    /** The standard answer: {@code n} PNGs of the requested size. */
    public static Answer standard(Received r) {
        String size;
        String model;
        int n;
        if (r.header("Content-Type").startsWith("application/json")) {
            JsonNode body = r.json();
            size = body.path("size").asString("1024x1024");
            model = body.path("model").asString("");
            n = body.path("n").asInt(1);
        } else {
            size = r.field("size") == null ? "1024x1024" : r.field("size");
            model = r.field("model") == null ? "" : r.field("model");
            n = r.field("n") == null ? 1 : Integer.parseInt(r.field("n"));
        }
        String[] wh = size.split("x");
        byte[] png = TestImages.png(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        ObjectNode root = JSON.createObjectNode();
        root.put("created", 1_700_000_000L);
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < n; i++) {
            ObjectNode item = data.addObject();
            item.put("b64_json", Base64.getEncoder().encodeToString(png));
            if (model.startsWith("dall-e-3")) {
                item.put("revised_prompt", "A revised prompt by the fake upstream");
            }
        }
        if (model.startsWith("gpt-image")) {
            ObjectNode usage = root.putObject("usage");
            usage.put("input_tokens", 50);
            usage.put("output_tokens", 4160);
            usage.put("total_tokens", 4210);
            usage.putObject("input_tokens_details").put("text_tokens", 40).put("image_tokens", 10);
        }
        return new Answer(200, JSON.writeValueAsString(root));
    }

    /** An OpenAI error body. */
    public static Answer error(int status, String type, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        e.put("code", code);
        return new Answer(status, JSON.writeValueAsString(root));
    }

    /** Names of the requests received so far, e.g. {@code POST /v1/images/generations}. */
    public List<String> calls() {
        List<String> out = new ArrayList<>();
        received.forEach(r -> out.add(r.method() + " " + r.path()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
