package dev.atelier.server.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.testing.NodeProcess;
import dev.atelier.server.testing.TestClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's memory acceptance: a node in its own JVM with {@code -Xmx512m} and six workers gets six enhance ×1
 * tasks of a 4096² PNG at once. Without a budget each run's working set (a 4096² picture is 200 MB decoded) would
 * exhaust the heap together; with it they are admitted one after another and all succeed.
 */
class MemoryBudgetNodeTest {
    private static final String ADMIN = "memory-budget-test-admin-token-0123456789";

    /** A valid 4096² PNG of some kilobytes: a smooth colour ramp. */
    private static byte[] png4096() throws IOException {
        BufferedImage img = new BufferedImage(4096, 4096, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[4096];
        for (int y = 0; y < 4096; y++) {
            for (int x = 0; x < 4096; x++) {
                row[x] = (x >> 4) << 16 | (y >> 4) << 8 | ((x + y) >> 5);
            }
            img.setRGB(0, y, 4096, 1, row, 0, 4096);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void sixConcurrentEnhancesOfA4096PngAllSucceedUnderA512MegabyteHeap() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("ATELIER_WORKERS", "6");
        settings.put("ATELIER_ADMIN_TOKEN", ADMIN);
        settings.put("ATELIER_POLLING_WINDOW", "30m");
        try (NodeProcess node = NodeProcess.start(settings)) {
            TestClient admin = node.client(ADMIN);
            TestClient.Response key = admin.post("/admin/v1/keys", Map.of("name", "memory"));
            assertThat(key.status()).as(key.toString()).isEqualTo(200);
            TestClient c = node.client(key.json().path("data").path("api_key").asString());

            byte[] png = png4096();
            System.out.println("4096x4096 PNG: " + png.length + " bytes");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JsonNode file = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type",
                        "image/png", "file_name", "big.png", "file_size", png.length)))).json().path("data")
                        .path("files").get(0);
                TestClient.Response put = TestClient.put(file.path("requests").get(0).path("url").asString(), png,
                        Map.of("Content-Type", "image/png"));
                assertThat(put.status()).as(put.toString()).isEqualTo(200);
                TestClient.Response run = c.post("/s2s/v2.0/task/enhance",
                        Map.of("src_file_id", file.path("file_id").asString(), "scale", 1));
                assertThat(run.status()).as(run.toString()).isEqualTo(200);
                ids.add(run.json().path("data").path("task_id").asString());
            }
            Map<String, String> outcomes = new HashMap<>();
            await().atMost(Duration.ofMinutes(9)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                for (String id : ids) {
                    JsonNode data = c.get("/s2s/v2.0/task/enhance/" + id).json().path("data");
                    String state = data.path("task_status").asString();
                    if (!state.equals("running") && !state.equals("queued")) {
                        outcomes.put(id, (state + " " + data.path("error").asString()).trim());
                    }
                }
                return outcomes.size() == ids.size();
            });
            assertThat(outcomes.values()).as(outcomes + "\nnode log:\n" + node.log()).containsOnly("success");
            assertThat(node.log()).doesNotContain("OutOfMemoryError");
        }
    }
}
