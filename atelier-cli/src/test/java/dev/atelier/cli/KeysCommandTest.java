package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code atelier keys}: what scripts rely on (JSON fields, exit codes) and what people read. */
class KeysCommandTest {
    @TempDir
    Path data;

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createPrintsJsonWithAUsableRsaPublicKeyAndListNeverShowsTheKey() throws Exception {
        Run created = run("keys", "create", "--name", "ci", "--json", "--data", data.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(created.out());
        assertThat(json.path("name").asString()).isEqualTo("ci");
        String apiKey = json.path("api_key").asString();
        assertThat(apiKey).startsWith("atk_").hasSizeGreaterThan(40);
        assertThat(json.path("client_id").asString()).matches("[A-Za-z0-9]{32}");
        KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(json.path("public_key").asString())));

        Run listed = run("keys", "list", "--json", "--data", data.toString());
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains("\"ci\"").doesNotContain(apiKey);
    }

    @Test
    void aDuplicateNameAndABadNameFailWithExitCodeOneAndAMessage() {
        assertThat(run("keys", "create", "--name", "dup", "--data", data.toString()).exit()).isZero();
        Run again = run("keys", "create", "--name", "dup", "--data", data.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        Run bad = run("keys", "create", "--name", "no spaces", "--data", data.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("key name");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        Run r = run("keys", "create", "--data", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--name");
    }
}
