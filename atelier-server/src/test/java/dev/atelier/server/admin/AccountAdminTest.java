package dev.atelier.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Keys and units through the admin API over real HTTP: the keys it makes work on the public API at once. */
class AccountAdminTest {
    private static final String ADMIN = "admin-token-for-tests-0123456789";
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("ATELIER_ADMIN_TOKEN", ADMIN));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestClient admin() {
        return server.anonymous().withToken(ADMIN);
    }

    @Test
    void aKeyMadeByTheAdminApiWorksIsMeteredByItsGrantsAndCanBeTurnedOff() {
        TestClient.Response created = admin().post("/admin/v1/keys", Map.of("name", "team-a"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String apiKey = created.json().path("data").path("api_key").asString();
        assertThat(apiKey).startsWith("atk_");
        TestClient user = server.anonymous().withToken(apiKey);
        assertThat(user.get("/s2s/v2.0/client/credit").status()).isEqualTo(200);

        JsonNode listed = admin().get("/admin/v1/keys").json().path("data").path("keys");
        JsonNode row = null;
        for (JsonNode k : listed) {
            if (k.path("name").asString().equals("team-a")) {
                row = k;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.toString()).doesNotContain(apiKey); // only a hint, never the key
        assertThat(apiKey).startsWith(row.path("api_key_hint").asString().replace("…", ""));

        assertThat(admin().get("/admin/v1/keys/team-a/credits").json().path("data").path("metered").asBoolean())
                .isFalse();
        TestClient.Response granted = admin().post("/admin/v1/keys/team-a/credits",
                Map.of("amount", "12.5", "type", "subscription", "expires_at", "2099-01-01T00:00:00Z"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        JsonNode units = granted.json().path("data");
        assertThat(units.path("metered").asBoolean()).isTrue();
        assertThat(units.path("available").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(units.path("grant").path("type").asString()).isEqualTo("ApiSubsToken");
        assertThat(admin().post("/admin/v1/keys/team-a/credits", Map.of("amount", 3)).json().path("data")
                .path("available").decimalValue()).isEqualByComparingTo("15.5");

        JsonNode off = admin().post("/admin/v1/keys/team-a/status", Map.of("status", "inactive")).json();
        assertThat(off.path("data").path("status").asString()).isEqualTo("inactive");
        assertThat(user.get("/s2s/v2.0/client/credit").status()).isEqualTo(401);
        admin().post("/admin/v1/keys/team-a/status", Map.of("status", "active"));
        assertThat(user.get("/s2s/v2.0/client/credit").status()).isEqualTo(200);
    }

    @Test
    void badRequestsGetClearErrorsAndNothingChanges() {
        admin().post("/admin/v1/keys", Map.of("name", "b"));
        for (Object body : List.of(Map.of("amount", "-1"), Map.of("amount", "1.234"), Map.of(),
                Map.of("amount", 1, "type", "gift"), Map.of("amount", 1, "expires_at", "2000-01-01T00:00:00Z"),
                Map.of("amount", 1, "expires_at", "tomorrow"))) {
            TestClient.Response r = admin().post("/admin/v1/keys/b/credits", body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.json().path("error_code").asString()).isEqualTo("InvalidParameters");
        }
        assertThat(admin().get("/admin/v1/keys/b/credits").json().path("data").path("grants")).isEmpty();
        assertThat(admin().post("/admin/v1/keys", Map.of("name", "b")).status()).isEqualTo(400);
        assertThat(admin().post("/admin/v1/keys", Map.of("name", "no spaces")).status()).isEqualTo(400);
        assertThat(admin().post("/admin/v1/keys/b/status", Map.of("status", "gone")).status()).isEqualTo(400);
        assertThat(admin().get("/admin/v1/keys/nobody/credits").status()).isEqualTo(404);
        assertThat(server.client().get("/admin/v1/keys").status()).as("a user's key is not the admin token")
                .isEqualTo(401);
    }
}
