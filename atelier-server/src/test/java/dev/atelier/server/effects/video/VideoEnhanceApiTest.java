package dev.atelier.server.effects.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.video.ClipWriter;
import dev.atelier.imaging.video.VideoInfo;
import dev.atelier.imaging.video.VideoLimits;
import dev.atelier.imaging.video.Videos;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * AI Video Enhance through the real HTTP API: clips are written by the tests with the same FFmpeg, uploaded through
 * the File API, run in both wire families, and the downloaded MP4 is probed and decoded.
 */
class VideoEnhanceApiTest {
    private static final VideoLimits ANY = new VideoLimits(8192, Duration.ofMinutes(10));
    private static final long SEED = 20261207L;

    private static TestServer server;
    private static TestClient c;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        // A short duration limit keeps the "too long" clip small.
        server = TestServer.start(Map.of("ATELIER_VIDEO_MAX_DURATION", "4s"));
        c = server.client();
        System.out.println("VideoEnhanceApiTest seed " + SEED);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A gradient with a bright square moving 4 px per frame. */
    static Image moving(int w, int h, int i) {
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean square = x >= 10 + 4 * i && x < 40 + 4 * i && y >= 20 && y < 60;
                img.set(0, x, y, square ? 1f : x / (float) w);
                img.set(1, x, y, square ? 1f : y / (float) h);
                img.set(2, x, y, square ? 0.2f : 0.5f);
            }
        }
        return img;
    }

    /** A still textured scene with fresh sensor-like noise (±3 levels) in every frame. */
    static Image still(int w, int h, int i) {
        SplittableRandom scene = new SplittableRandom(SEED);
        SplittableRandom noise = new SplittableRandom(SEED + 1 + i);
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float base = ((x / 12 + y / 12) % 2 == 0 ? 0.65f : 0.35f) + 0.1f * (float) scene.nextDouble();
                for (int ch = 0; ch < 3; ch++) {
                    float n = (float) (noise.nextDouble() * 6 - 3) / 255f;
                    img.set(ch, x, y, Math.clamp(base * (0.8f + 0.1f * ch) + n, 0f, 1f));
                }
            }
        }
        return img;
    }

    static Path clip(String name, ClipWriter.Spec spec, int w, int h, boolean still) {
        Path p = dir.resolve(name);
        ClipWriter.write(p, spec, i -> still ? still(w, h, i) : moving(w, h, i));
        return p;
    }

    static String upload(Path file, String type) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        TestClient.Response r = c.post("/s2s/v2.0/file/video-enhance", Map.of("files", List.of(Map.of(
                "content_type", type, "file_name", file.getFileName().toString(), "file_size", bytes.length))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode slot = r.json().path("data").path("files").get(0);
        TestClient.Response put = TestClient.put(slot.path("requests").get(0).path("url").asString(), bytes,
                Map.of("Content-Type", type));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return slot.path("file_id").asString();
    }

    static JsonNode run(Map<String, Object> body) {
        TestClient.Response r = c.post("/s2s/v2.0/task/video-enhance", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String taskId = r.json().path("data").path("task_id").asString();
        return YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/video-enhance/" + taskId);
    }

    static Path download(JsonNode status, String name) throws IOException {
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        TestClient.Response d = TestClient.fetch(status.path("results").path("url").asString());
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.header("Content-Type")).isEqualTo("video/mp4");
        Path out = dir.resolve(name);
        Files.write(out, d.body());
        return out;
    }

    static String errorOf(JsonNode status) {
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("error");
        return status.path("error").asString();
    }

    @Test
    void mp4WithAudioIsUpscaledTwiceWithFramesTimeAndAudioKept() throws IOException {
        Path in = clip("a.mp4", new ClipWriter.Spec("mp4", 10, 15, true, 0), 320, 240, false);
        Path out = download(run(Map.of("src_file_id", upload(in, "video/mp4"))), "a-out.mp4");

        VideoInfo before = Videos.probe(in, ANY);
        VideoInfo after = Videos.probe(out, ANY);
        assertThat(after.container()).isEqualTo("mp4");
        assertThat(after.videoCodec()).isEqualTo("h264");
        assertThat(after.width()).isEqualTo(640);
        assertThat(after.height()).isEqualTo(480);
        assertThat(after.frameCount()).isBetween(before.frameCount() - 1, before.frameCount() + 1);
        assertThat(after.seconds()).isCloseTo(before.seconds(), Offset.offset(1.0 / 10));
        assertThat(after.audioCodec()).isEqualTo("aac");
        assertThat(Videos.audioDigest(out)).isEqualTo(Videos.audioDigest(in));
        // Playable: every frame decodes, and the moving square is where it was (order and content kept).
        List<Image> frames = new ArrayList<>();
        assertThat(Videos.forEachFrame(out, ANY, frames::add)).isEqualTo(15);
        assertThat(frames.get(10).get(0, 2 * 65, 80)).isGreaterThan(0.8f);
        assertThat(frames.get(0).get(1, 2 * 65, 80)).isLessThan(0.5f);
        // The moov box comes first (+faststart): a player can start before the download ends.
        byte[] head = Arrays.copyOf(Files.readAllBytes(out), 64);
        assertThat(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("moov"))
                .isBetween(0, 63);
    }

    @Test
    void rotatedMovWithoutAudioThroughTheLegacyFamily() throws Exception {
        Path in = clip("r.mov", new ClipWriter.Spec("mov", 10, 6, false, 90), 160, 96, false);
        TestClient legacy = server.anonymous().withToken(YouCamFlowsAccess.legacyToken(server));
        String id = YouCamFlowsAccess.uploadLegacy(legacy, "video-enhance", "video/quicktime",
                Files.readAllBytes(in));
        TestClient.Response r = legacy.post("/s2s/v1.0/task/video-enhance", Map.of("request_id", 0,
                "payload", Map.of("file_sets", Map.of("src_ids", List.of(id)),
                        "actions", List.of(Map.of("id", 0, "params", Map.of("scale", 2))))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode status = YouCamFlowsAccess.pollLegacy(legacy, "/s2s/v1.0/task/video-enhance?task_id="
                + r.json().path("result").path("task_id").asString());
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("success");
        TestClient.Response d = TestClient.fetch(status.path("results").get(0).path("data").get(0).path("url")
                .asString());
        Path out = dir.resolve("r-out.mp4");
        Files.write(out, d.body());
        VideoInfo after = Videos.probe(out, ANY);
        // Turned upright in pixels: 96x160 displayed, ×2, no rotation left in the header.
        assertThat(after.width()).isEqualTo(192);
        assertThat(after.height()).isEqualTo(320);
        assertThat(after.rotation()).isZero();
        assertThat(after.audioCodec()).isNull();
    }

    @Test
    void fullHdInputIsEnhanced() throws IOException {
        Path in = clip("hd.mp4", new ClipWriter.Spec("mp4", 10, 2, true, 0), 1920, 1080, false);
        Path out = download(run(Map.of("src_file_id", upload(in, "video/mp4"), "scale", 2)), "hd-out.mp4");
        VideoInfo after = Videos.probe(out, ANY);
        assertThat(after.width()).isEqualTo(3840);
        assertThat(after.height()).isEqualTo(2160);
        assertThat(after.frameCount()).isEqualTo(2);
        assertThat(Videos.audioDigest(out)).isEqualTo(Videos.audioDigest(in));
    }

    @Test
    void aStillSceneDoesNotFlickerMoreThanALanczosUpscale() throws IOException {
        Path in = clip("still.mp4", new ClipWriter.Spec("mp4", 10, 12, false, 0), 160, 120, true);
        Path out = download(run(Map.of("src_file_id", upload(in, "video/mp4"))), "still-out.mp4");
        double enhanced = flicker(out, false);
        double lanczos = flicker(in, true);
        System.out.printf("still clip: mean |frame(t) - frame(t-1)| enhanced %.5f, Lanczos x2 %.5f%n", enhanced,
                lanczos);
        assertThat(enhanced).isLessThanOrEqualTo(lanczos);
    }

    /** Mean absolute difference between consecutive frames (all channels), optionally of a Lanczos ×2. */
    static double flicker(Path video, boolean lanczos) {
        double[] sum = {0};
        long[] count = {0};
        Image[] previous = {null};
        Videos.forEachFrame(video, ANY, f -> {
            Image frame = lanczos ? Resample.resize(f, f.width() * 2, f.height() * 2, Resample.Kernel.LANCZOS3) : f;
            if (previous[0] != null) {
                for (int ch = 0; ch < 3; ch++) {
                    float[] a = frame.plane(ch);
                    float[] b = previous[0].plane(ch);
                    for (int i = 0; i < a.length; i++) {
                        sum[0] += Math.abs(a[i] - b[i]);
                    }
                    count[0] += a.length;
                }
            }
            previous[0] = frame;
        });
        return sum[0] / count[0];
    }

    @Test
    void badInputGetsTheDocumentedCodes() throws IOException {
        Path png = dir.resolve("not-a-video.mp4");
        Files.write(png, dev.atelier.server.testing.TestImages.jpeg(64, 48));
        assertThat(errorOf(run(Map.of("src_file_id", upload(png, "video/mp4"))))).isEqualTo("error_decode_video");

        Path tooLong = clip("long.mp4", new ClipWriter.Spec("mp4", 1, 6, false, 0), 64, 48, false);
        assertThat(errorOf(run(Map.of("src_file_id", upload(tooLong, "video/mp4")))))
                .isEqualTo("error_unexpected_video_duration");

        Path tooWide = clip("wide.mp4", new ClipWriter.Spec("mp4", 10, 1, false, 0), 1936, 64, false);
        assertThat(errorOf(run(Map.of("src_file_id", upload(tooWide, "video/mp4")))))
                .isEqualTo("error_exceed_max_image_size");

        Path whole = clip("whole.mp4", new ClipWriter.Spec("mp4", 10, 10, false, 0), 160, 96, false);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.mp4");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(errorOf(run(Map.of("src_file_id", upload(truncated, "video/mp4")))))
                .isEqualTo("error_decode_video");

        assertThat(errorOf(run(Map.of("src_file_url", "http://127.0.0.1:9/clip.mp4"))))
                .isEqualTo("error_download_video");

        // A real FFV1 video stream in a QuickTime file (FFmpeg writes it; the pipeline decodes only H.264 and
        // MPEG-4 Part 2): refused from the header, with the codec named.
        Path ffv1 = clip("ffv1.mov", new ClipWriter.Spec("mov", 10, 3, false, 0, "ffv1"), 64, 48, false);
        JsonNode refused = run(Map.of("src_file_id", upload(ffv1, "video/quicktime")));
        assertThat(errorOf(refused)).isEqualTo("error_decode_video");
        assertThat(refused.path("error_message").asString()).contains("ffv1").contains("H.264");

        // The server is still healthy and runs the next video.
        Path ok = clip("ok.mp4", new ClipWriter.Spec("mp4", 10, 3, false, 0), 64, 48, false);
        assertThat(run(Map.of("src_file_id", upload(ok, "video/mp4"), "scale", 1)).path("task_status").asString())
                .isEqualTo("success");
    }

    @Test
    void theFileApiTakesVideosUpTo100MbAndImagesUpTo10Mb() {
        TestClient.Response big = c.post("/s2s/v2.0/file/video-enhance", Map.of("files", List.of(Map.of(
                "content_type", "video/mp4", "file_name", "v.mp4", "file_size", 100L << 20))));
        assertThat(big.status()).as(big.toString()).isEqualTo(200);
        TestClient.Response tooBig = c.post("/s2s/v2.0/file/video-enhance", Map.of("files", List.of(Map.of(
                "content_type", "video/quicktime", "file_name", "v.mov", "file_size", (100L << 20) + 1))));
        assertThat(tooBig.status()).isEqualTo(400);
        TestClient.Response image = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of(
                "content_type", "image/jpeg", "file_name", "a.jpg", "file_size", (10L << 20) + 1))));
        assertThat(image.status()).isEqualTo(400);
        TestClient.Response webm = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of(
                "content_type", "video/webm", "file_name", "a.webm", "file_size", 1000))));
        assertThat(webm.status()).isEqualTo(400);
    }

    @Test
    void priceIsPerSecondOfVideo() {
        JsonNode row = null;
        String token = null;
        do {
            JsonNode page = c.get("/s2s/v2.0/credit/feature-cost?page_size=20"
                    + (token == null ? "" : "&starting_token=" + token)).json().path("result");
            for (JsonNode s : page.path("skus")) {
                if (s.path("run_task_url").asString().endsWith("/s2s/v2.0/task/video-enhance")) {
                    row = s;
                }
            }
            token = page.path("next_token").isString() ? page.path("next_token").asString() : null;
        } while (row == null && token != null);
        assertThat(row).as("video-enhance in the price list").isNotNull();
        assertThat(row.path("unit").asString()).isEqualTo("second");
        assertThat(row.path("amount").asDouble()).isEqualTo(1.0);
        assertThat(VideoEnhanceEffect.billedSeconds(3.0)).isEqualTo(3);
        assertThat(VideoEnhanceEffect.billedSeconds(0.2)).isEqualTo(1);
    }

    @Test
    void aClipOfOneAndAHalfSecondsIsChargedTwoUnits() throws IOException {
        var key = server.createKey("video-billing");
        String keyId = server.keyId(key);
        var ledger = server.server().ledger();
        ledger.grant(keyId, 1000, dev.atelier.server.credits.GrantType.PAYG, null, null); // 10 units
        TestClient billed = server.anonymous().withToken(key.apiKey());
        Path in = clip("paid.mp4", new ClipWriter.Spec("mp4", 10, 15, false, 0), 64, 48, false);
        byte[] bytes = Files.readAllBytes(in);
        JsonNode slot = billed.post("/s2s/v2.0/file/video-enhance", Map.of("files", List.of(Map.of("content_type",
                "video/mp4", "file_name", "paid.mp4", "file_size", bytes.length)))).json().path("data")
                .path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), bytes, Map.of("Content-Type",
                "video/mp4"));
        TestClient.Response r = billed.post("/s2s/v2.0/task/video-enhance", Map.of("src_file_id",
                slot.path("file_id").asString()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        // While it runs, the most a task may use (ATELIER_VIDEO_MAX_DURATION = 4 s) is held.
        JsonNode status = YouCamFlowsAccess.poll(billed, "/s2s/v2.0/task/video-enhance/"
                + r.json().path("data").path("task_id").asString());
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        org.awaitility.Awaitility.await().until(() -> ledger.balance(keyId).reserved() == 0);
        assertThat(ledger.balance(keyId).available()).isEqualTo(800); // 1.5 s → 2 seconds billed
    }
}
