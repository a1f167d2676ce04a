package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code atelier webhooks add|list|deliveries|rm} against a data directory. */
class WebhooksCommandTest {
    @TempDir
    Path data;

    @Test
    void addPrintsTheSecretOnceThenListAndRemove() {
        String d = data.toString();
        CreditsCommandTest.run("keys", "create", "--name", "shop", "--data", d, "--json");
        JsonNode added = KeysCommand.JSON.readTree(CreditsCommandTest.run("webhooks", "add", "--key", "shop", "--url",
                "https://203.0.113.10/hooks/atelier", "--json", "--data", d));
        assertThat(added.path("secret").asString()).startsWith("whsec_");
        String id = added.path("id").asString();

        JsonNode listed = KeysCommand.JSON.readTree(CreditsCommandTest.run("webhooks", "list", "--key", "shop",
                "--json", "--data", d));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("url").asString()).isEqualTo("https://203.0.113.10/hooks/atelier");
        assertThat(listed.get(0).has("secret")).isFalse();

        assertThat(CreditsCommandTest.run("webhooks", "deliveries", id, "--json", "--data", d).trim()).isEqualTo("[]");
        assertThat(CreditsCommandTest.run("webhooks", "rm", id, "--data", d)).contains("Removed " + id);
        assertThat(KeysCommand.JSON.readTree(CreditsCommandTest.run("webhooks", "list", "--key", "shop", "--json",
                "--data", d))).isEmpty();
    }
}
