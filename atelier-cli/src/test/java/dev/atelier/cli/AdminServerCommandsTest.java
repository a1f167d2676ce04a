package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code atelier webhooks …} and {@code credits grant} against a running server's admin API ({@code --server}). */
class AdminServerCommandsTest {
    private static final String TOKEN = "admin-token-for-cli-tests-0123456789";
    @TempDir
    Path data;
    private AtelierServer server;

    @BeforeEach
    void start() {
        server = AtelierServer.start(Settings.from(SettingsSource.of(Map.of("ATELIER_DATA", data.toString(),
                "ATELIER_PORT", "0", "ATELIER_ADMIN_TOKEN", TOKEN, "ATELIER_RATE_LIMIT_ENABLED", "false"))),
                InstantSource.system());
        server.credentials().create("shop", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] remote(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--server";
        all[args.length + 1] = server.baseUrl();
        all[args.length + 2] = "--admin-token";
        all[args.length + 3] = TOKEN;
        return all;
    }

    @Test
    void webhooksAndGrantsGoThroughTheAdminApi() {
        JsonNode added = KeysCommand.JSON.readTree(CreditsCommandTest.run(remote("webhooks", "add", "--key", "shop",
                "--url", "https://203.0.113.10/hooks/atelier", "--json")));
        assertThat(added.path("secret").asString()).startsWith("whsec_");
        String id = added.path("id").asString();

        JsonNode listed = KeysCommand.JSON.readTree(CreditsCommandTest.run(remote("webhooks", "list", "--key", "shop",
                "--json")));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asString()).isEqualTo(id);
        assertThat(listed.get(0).has("secret")).isFalse();
        assertThat(CreditsCommandTest.run(remote("webhooks", "deliveries", id, "--json")).trim()).isEqualTo("[]");
        assertThat(CreditsCommandTest.run(remote("webhooks", "rm", id))).contains("Removed " + id);
        assertThat(KeysCommand.JSON.readTree(CreditsCommandTest.run(remote("webhooks", "list", "--key", "shop",
                "--json")))).isEmpty();

        JsonNode granted = KeysCommand.JSON.readTree(CreditsCommandTest.run(remote("credits", "grant", "--key", "shop",
                "--amount", "7.25", "--expires", "30d", "--json")));
        assertThat(granted.path("balance").decimalValue()).isEqualByComparingTo("7.25");
        assertThat(granted.path("expires_at").isNull()).isFalse();
        // the same database read directly, as an operator on the host would
        JsonNode shown = KeysCommand.JSON.readTree(CreditsCommandTest.run("credits", "show", "shop", "--json",
                "--data", data.toString()));
        assertThat(shown.path("available").decimalValue()).isEqualByComparingTo("7.25");
    }

    @Test
    void keysMadeThroughTheServerWorkAtOnce() {
        JsonNode created = KeysCommand.JSON.readTree(CreditsCommandTest.run(remote("keys", "create", "--name", "team",
                "--expires", "30d", "--json")));
        String apiKey = created.path("api_key").asString();
        assertThat(apiKey).startsWith("atk_");
        JsonNode listed = KeysCommand.JSON.readTree(CreditsCommandTest.run(remote("keys", "list", "--json")));
        assertThat(listed).extracting(k -> k.path("name").asString()).contains("shop", "team");
        assertThat(listed.toString()).doesNotContain(apiKey);
        // the key answers on the public API of the same server
        dev.atelier.client.AtelierClient client = dev.atelier.client.AtelierClient.builder()
                .baseUrl(server.baseUrl()).apiKey(apiKey).build();
        assertThat(client.account().credits()).isNotNull();
    }

    @Test
    void aWrongTokenOrAnUnknownKeyFailsWithTheServersMessage() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("webhooks", "list", "--key", "shop", "--server", server.baseUrl(), "--admin-token",
                    "wrong")).isEqualTo(1);
            assertThat(Main.run(remote("credits", "grant", "--key", "nobody", "--amount", "1"))).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 401").contains("No key named 'nobody'");
    }
}
