package dev.atelier.cli;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code atelier aot-training}: the workload the launcher runs once per build under {@code -XX:AOTCacheOutput} (JDK 25
 * ahead-of-time cache, JEP 514/515), so that later {@code serve} and {@code run} start with their classes already
 * loaded and linked and their hot methods profiled. It starts a node on a free port in a temporary directory, makes
 * the requests a first client makes (health, features, playground, upload, a task and its polls, the download), stops
 * the node, then runs one local effect on a generated JPEG as {@code atelier run} does. Nothing is kept.
 */
@Command(name = "aot-training", hidden = true, description = "Training run for the start-up cache (the launcher's).")
final class AotTrainingCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("atelier-aot-training-");
        try {
            serveOnce(dir.resolve("data"));
            Path photo = dir.resolve("photo.jpg");
            ImageIO.write(picture(2000, 1500), "jpg", photo.toFile());
            return Main.run("run", "enhance", photo.toString(), "-o", dir.resolve("out.jpg").toString(),
                    "--param", "scale=1", "--no-progress");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void serveOnce(Path data) throws IOException, InterruptedException {
        Settings settings = Settings.from(SettingsSource.of(Map.of("ATELIER_DATA", data.toString(),
                "ATELIER_PORT", "0", "ATELIER_WORKERS", "1", "ATELIER_RATE_LIMIT_ENABLED", "false")));
        try (AtelierServer server = AtelierServer.start(settings, InstantSource.system());
                HttpClient http = HttpClient.newHttpClient()) {
            StartBanner.lines(server.baseUrl()).forEach(l -> { });
            String key = server.credentials().create("aot-training", null).apiKey();
            Client c = new Client(http, server.baseUrl(), key);
            c.get("/healthz");
            c.get("/readyz");
            c.get("/");
            c.get("/s2s/v2.0/features");
            byte[] png = png(picture(320, 240));
            JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", java.util.List.of(Map.of(
                    "content_type", "image/png", "file_name", "photo.png", "file_size", png.length))))
                    .path("data").path("files").get(0);
            JsonNode upload = slot.path("requests").get(0);
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.path("url").asString()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(png));
            upload.path("headers").properties().stream() // the JDK client sets Content-Length and Host itself
                    .filter(h -> !h.getKey().equalsIgnoreCase("Content-Length") && !h.getKey().equalsIgnoreCase("Host"))
                    .forEach(h -> put.header(h.getKey(), h.getValue().asString()));
            http.send(put.build(), HttpResponse.BodyHandlers.discarding());
            String task = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", slot.path("file_id").asString(),
                    "scale", 2)).path("data").path("task_id").asString();
            JsonNode status;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            do {
                Thread.sleep(20);
                status = c.get("/s2s/v2.0/task/enhance/" + task).path("data");
            } while (status.path("task_status").asString().equals("running") && System.nanoTime() < deadline);
            if (status.path("results").path("url").isString()) {
                http.send(HttpRequest.newBuilder(URI.create(status.path("results").path("url").asString())).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private record Client(HttpClient http, String base, String key) {
        JsonNode get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        JsonNode post(String path, Object body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        }

        private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
            String body = http.send(b.header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            try {
                return JSON.readTree(body);
            } catch (RuntimeException notJson) { // the playground page
                return tools.jackson.databind.node.MissingNode.getInstance();
            }
        }
    }

    /** A smooth picture with some detail, so the codecs and kernels take their usual paths. */
    private static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w) ^ ((y >> 3) & 15);
                int g = y * 255 / h;
                int b = (int) (127 + 120 * Math.sin(x * 0.05) * Math.cos(y * 0.03));
                img.setRGB(x, y, (r & 255) << 16 | (g & 255) << 8 | (b & 255));
            }
        }
        return img;
    }

    private static byte[] png(BufferedImage img) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
