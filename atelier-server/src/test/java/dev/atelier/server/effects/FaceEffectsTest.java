package dev.atelier.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.api.youcam.YouCamFlowsAccess;
import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Face swap and makeup transfer end to end through the task API, on the real detector and face mesh and real
 * photos: the astronaut (one frontal face), a mirrored and tinted copy of her as a "different" face, and the
 * coffee cup (no face).
 */
class FaceEffectsTest {
    private static TestServer server;
    private static TestClient c;
    private static Image astronaut;
    private static Image other;
    private static String astronautId;
    private static String otherId;
    private static String coffeeId;

    @BeforeAll
    static void start() {
        var models = RealModels.modelsDir("blazeface-back", "face-mesh");
        byte[] photo = RealModels.photo("astronaut.png");
        byte[] coffee = RealModels.photo("coffee.png");
        server = TestServer.start(Map.of("ATELIER_MODELS_DIR", models.toString()));
        c = server.client();
        astronaut = Codecs.decode(photo, DecodeLimits.defaults()).withoutAlpha();
        other = mirroredAndTinted(astronaut);
        astronautId = upload(photo);
        otherId = upload(Codecs.encodeLossless(other, ImageFormat.PNG));
        coffeeId = upload(coffee);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Image mirroredAndTinted(Image photo) {
        Image out = Image.create(photo.width(), photo.height(), 3);
        float[] gain = {1.0f, 0.8f, 0.7f};
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < photo.height(); y++) {
                for (int x = 0; x < photo.width(); x++) {
                    out.set(ch, x, y, photo.get(ch, photo.width() - 1 - x, y) * gain[ch]);
                }
            }
        }
        return out;
    }

    static String upload(byte[] png) {
        JsonNode slot = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", "image/png",
                "file_name", "p.png", "file_size", png.length)))).json().path("data").path("files").get(0);
        TestClient.put(slot.path("requests").get(0).path("url").asString(), png, Map.of("Content-Type", "image/png"));
        return slot.path("file_id").asString();
    }

    static JsonNode run(String path, Map<String, Object> body) {
        TestClient.Response r = c.post("/s2s/v2.0/task/" + path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return YouCamFlowsAccess.poll(c, "/s2s/v2.0/task/" + path + "/" + r.json().path("data").path("task_id")
                .asString());
    }

    static Image result(JsonNode status) {
        assertThat(status.path("task_status").asString()).as(status.toString()).isEqualTo("success");
        return Codecs.decode(TestClient.fetch(status.path("results").path("url").asString()).body(),
                DecodeLimits.defaults());
    }

    /** 1 inside the rectangle [x0, x1) × [y0, y1), or outside it when {@code invert}. */
    static Image box(int w, int h, int x0, int y0, int x1, int y1, boolean invert) {
        Image m = Image.create(w, h, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x >= x0 && x < x1 && y >= y0 && y < y1;
                m.set(0, x, y, in != invert ? 1 : 0);
            }
        }
        return m;
    }

    @Test
    void faceSwapWithItselfIsAlmostTheIdentity() {
        JsonNode status = run("face-swap", Map.of("src_file_id", astronautId, "ref_file_ids", List.of(astronautId),
                "face_mapping", List.of(Map.of("index", 0, "position", 0)), "output_ext", "png"));
        Image out = result(status);
        double psnr = Metrics.psnr(out, astronaut);
        System.out.println("face-swap with itself, end to end: PSNR " + psnr);
        assertThat(psnr).isGreaterThan(40);
        JsonNode meta = status.path("metadata");
        assertThat(meta.path("engine").asString()).isEqualTo("classical-face-swap");
        assertThat(meta.path("engine_kind").asString()).isEqualTo("classical");
        assertThat(meta.path("face_landmarks").asString()).isEqualTo("onnx:face-mesh");
    }

    @Test
    void faceSwapChangesTheFaceButNotTheBackgroundInBothWireFamilies() {
        // pre-process gives the face box the swap will replace
        JsonNode pre = run("face-swap/pre-process", Map.of("src_file_id", astronautId));
        JsonNode bbox = pre.path("results").path("faces").get(0).path("bbox");
        int x1 = bbox.get(0).asInt();
        int y1 = bbox.get(1).asInt();
        int x2 = bbox.get(2).asInt();
        int y2 = bbox.get(3).asInt();
        int w = astronaut.width();
        int h = astronaut.height();
        int pad = (x2 - x1) / 2;
        Image far = box(w, h, x1 - pad, y1 - pad, x2 + pad, y2 + pad, true);
        Image face = box(w, h, x1 + (x2 - x1) / 4, y1 + (y2 - y1) / 4, x2 - (x2 - x1) / 4, y2 - (y2 - y1) / 4, false);

        Image v2 = result(run("face-swap", Map.of("src_file_id", astronautId, "ref_file_ids", List.of(otherId),
                "face_mapping", List.of(Map.of("index", 0, "position", 0)), "output_ext", "png")));
        double outside = Metrics.psnr(v2, astronaut, far);
        double inside = Metrics.psnr(v2, astronaut, face);
        System.out.println("face-swap: PSNR away from the face " + outside + ", in the face " + inside);
        assertThat(outside).isGreaterThan(50);
        assertThat(inside).isLessThan(35);

        // the legacy family: payload.file_sets with ref_ids, actions[0].params.face_mapping, ?task_id= polling
        TestClient.Response run = c.post("/s2s/v1.0/task/face-swap", Map.of("request_id", 0,
                "payload", Map.of("file_sets", Map.of("src_ids", List.of(astronautId), "ref_ids", List.of(otherId)),
                        "actions", List.of(Map.of("id", 0, "params", Map.of("face_mapping",
                                List.of(Map.of("index", 0, "position", 0))))), "output_ext", "png")));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode legacy = YouCamFlowsAccess.pollLegacy(c, "/s2s/v1.0/task/face-swap?task_id="
                + run.json().path("result").path("task_id").asString());
        assertThat(legacy.path("status").asString()).as(legacy.toString()).isEqualTo("success");
        Image viaLegacy = Codecs.decode(TestClient.fetch(legacy.path("results").get(0).path("data").get(0)
                .path("url").asString()).body(), DecodeLimits.defaults());
        assertThat(Metrics.psnr(viaLegacy, v2)).isGreaterThan(40);
    }

    @Test
    void badMappingsAndFacelessPhotosGetTheDocumentedErrors() {
        TestClient.Response missing = c.post("/s2s/v2.0/task/face-swap", Map.of("src_file_id", astronautId,
                "ref_file_ids", List.of(otherId)));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error_code").asString()).isEqualTo("InvalidParameters");
        assertThat(missing.json().path("error").asString()).contains("face_mapping");

        TestClient.Response half = c.post("/s2s/v2.0/task/face-swap", Map.of("src_file_id", astronautId,
                "ref_file_ids", List.of(otherId), "face_mapping", List.of(Map.of("index", -1, "position", 0))));
        assertThat(half.status()).isEqualTo(400);
        assertThat(half.json().path("error_code").asString()).isEqualTo("InvalidParameters");

        JsonNode position = run("face-swap", Map.of("src_file_id", astronautId, "ref_file_ids", List.of(otherId),
                "face_mapping", List.of(Map.of("index", 0, "position", 1))));
        assertThat(position.path("error").asString()).isEqualTo("invalid_parameter");
        assertThat(position.path("error_message").asString()).contains("position 1").contains("has 1");

        JsonNode index = run("face-swap", Map.of("src_file_id", astronautId, "ref_file_ids", List.of(otherId),
                "face_mapping", List.of(Map.of("index", 3, "position", 0))));
        assertThat(index.path("error").asString()).isEqualTo("invalid_parameter");
        assertThat(index.path("error_message").asString()).contains("index 3");

        JsonNode noFace = run("face-swap", Map.of("src_file_id", coffeeId, "ref_file_ids", List.of(otherId),
                "face_mapping", List.of(Map.of("index", 0, "position", 0))));
        assertThat(noFace.path("error").asString()).isEqualTo("error_no_face");
        JsonNode noRefFace = run("face-swap", Map.of("src_file_id", astronautId, "ref_file_ids", List.of(coffeeId),
                "face_mapping", List.of(Map.of("index", 0, "position", 0))));
        assertThat(noRefFace.path("error").asString()).isEqualTo("error_no_face");
        assertThat(noRefFace.path("error_message").asString()).contains("reference 0");
    }

    @Test
    void makeupTransferMovesTheLipsTowardsTheReferenceAndChecksBothFaces() {
        JsonNode pre = run("face-swap/pre-process", Map.of("src_file_id", astronautId));
        JsonNode bbox = pre.path("results").path("faces").get(0).path("bbox");
        int x1 = bbox.get(0).asInt();
        int y1 = bbox.get(1).asInt();
        int fw = bbox.get(2).asInt() - x1;
        int fh = bbox.get(3).asInt() - y1;
        // violet paint over the mouth area of a copy: the reference's lips (and some skin) turn violet
        Image painted = astronaut.copy();
        int mx0 = x1 + fw / 4;
        int mx1 = x1 + 3 * fw / 4;
        int my0 = y1 + fh * 55 / 100;
        int my1 = y1 + fh;
        for (int y = my0; y < my1; y++) {
            for (int x = mx0; x < mx1; x++) {
                float luma = 0.3f * astronaut.get(0, x, y) + 0.59f * astronaut.get(1, x, y)
                        + 0.11f * astronaut.get(2, x, y);
                painted.set(0, x, y, Math.min(1, 1.1f * luma));
                painted.set(1, x, y, 0.3f * luma);
                painted.set(2, x, y, Math.min(1, 1.2f * luma));
            }
        }
        String violetId = upload(Codecs.encodeLossless(painted, ImageFormat.PNG));
        JsonNode status = run("mu-transfer", Map.of("src_file_id", astronautId, "ref_file_id", violetId,
                "output_ext", "png"));
        Image out = result(status);
        assertThat(status.path("metadata").path("engine_kind").asString()).isEqualTo("classical");
        assertThat(status.path("metadata").path("method").asString()).contains("classical");
        Image mouth = box(astronaut.width(), astronaut.height(), mx0, my0, mx1, my1, false);
        double before = blueMinusGreen(astronaut, mouth);
        double after = blueMinusGreen(out, mouth);
        System.out.println("mu-transfer: mouth area blue-green " + before + " -> " + after);
        assertThat(after - before).isGreaterThan(0.03);
        int pad = fw / 2;
        Image far = box(astronaut.width(), astronaut.height(), x1 - pad, y1 - pad, x1 + fw + pad, y1 + fh + pad, true);
        assertThat(Metrics.psnr(out, astronaut, far)).isGreaterThan(50);

        // the legacy slug runs the same feature
        TestClient.Response legacy = c.post("/s2s/v1.0/task/mu-trans-rec", Map.of("request_id", 0, "payload",
                Map.of("file_sets", Map.of("src_ids", List.of(astronautId), "ref_ids", List.of(violetId)),
                        "actions", List.of(Map.of("id", 0)))));
        assertThat(legacy.status()).as(legacy.toString()).isEqualTo(200);
        JsonNode done = YouCamFlowsAccess.pollLegacy(c, "/s2s/v1.0/task/mu-trans-rec?task_id="
                + legacy.json().path("result").path("task_id").asString());
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("success");

        assertThat(run("mu-transfer", Map.of("src_file_id", coffeeId, "ref_file_id", violetId)).path("error")
                .asString()).isEqualTo("error_src_no_face");
        assertThat(run("mu-transfer", Map.of("src_file_id", astronautId, "ref_file_id", coffeeId)).path("error")
                .asString()).isEqualTo("error_ref_no_face");
        TestClient.Response noRef = c.post("/s2s/v2.0/task/mu-transfer", Map.of("src_file_id", astronautId));
        assertThat(noRef.status()).isEqualTo(400);
    }

    static double blueMinusGreen(Image img, Image mask) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < mask.plane(0).length; i++) {
            if (mask.plane(0)[i] > 0.5f) {
                s += img.plane(2)[i] - img.plane(1)[i];
                n++;
            }
        }
        return s / n;
    }
}
