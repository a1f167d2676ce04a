package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code atelier credits grant|show} against a data directory, as an operator runs them. */
class CreditsCommandTest {
    @TempDir
    Path data;

    static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            assertThat(code).as("exit code of " + String.join(" ", args) + ": " + out).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void grantThenShowReportsTheBalanceAndTheGrant() {
        run("keys", "create", "--name", "shop", "--data", data.toString(), "--json");
        JsonNode granted = KeysCommand.JSON.readTree(run("credits", "grant", "--key", "shop", "--amount", "12.5",
                "--expires", "30d", "--json", "--data", data.toString()));
        assertThat(granted.path("balance").asDouble()).isEqualTo(12.5);
        assertThat(granted.path("expires_at").isNull()).isFalse();

        JsonNode shown = KeysCommand.JSON.readTree(run("credits", "show", "shop", "--json", "--data", data.toString()));
        assertThat(shown.path("metered").asBoolean()).isTrue();
        assertThat(shown.path("available").asDouble()).isEqualTo(12.5);
        assertThat(shown.path("grants")).hasSize(1);
        assertThat(shown.path("history").get(0).path("action").asString()).isEqualTo("permanent_credits");

        assertThat(run("credits", "show", "shop", "--data", data.toString())).contains("12.50 units available");
    }

    @Test
    void anUnknownKeyIsAClearFailure() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("credits", "show", "ghost", "--data", data.toString())).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no key named 'ghost'");
    }
}
