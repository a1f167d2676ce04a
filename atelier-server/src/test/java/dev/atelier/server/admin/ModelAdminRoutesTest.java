package dev.atelier.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelAdminRoutesTest {
    private static final String TOKEN = "admin-token-admin-token-admin-token";
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listsModelsWithTheFeaturesTheyUnlockAndHowToInstallThem() throws Exception {
        Path emptyModels = Files.createTempDirectory("models-");
        server = TestServer.start(Map.of("ATELIER_ADMIN_TOKEN", TOKEN, "ATELIER_MODELS_DIR", emptyModels.toString()));
        TestClient.Response r = server.anonymous().withToken(TOKEN).get("/admin/v1/models");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode isnet = null;
        for (JsonNode m : r.json().path("data").path("models")) {
            if (m.path("id").asString().equals("isnet-fp16")) {
                isnet = m;
            }
        }
        assertThat(isnet).isNotNull();
        assertThat(isnet.path("state").asString()).isEqualTo("missing");
        assertThat(isnet.path("install").asString()).isEqualTo("./atelier models pull isnet-fp16 --accept-license");
        assertThat(isnet.path("features").findValuesAsString("features")).isEmpty();
        assertThat(isnet.path("features").toString()).contains("sod").contains("bg-blur").contains("bg-replace");

        assertThat(server.client().get("/admin/v1/models").status()).as("an API key is not the admin token")
                .isEqualTo(401);
    }

    @Test
    void theAdminApiDoesNotExistWithoutItsToken() {
        server = TestServer.start();
        assertThat(server.anonymous().withToken(TOKEN).get("/admin/v1/models").status()).isEqualTo(404);
    }
}
