package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.NeedsNative;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code atelier generate} and {@code atelier credits show --server} through the built launcher: locally with a
 * provider configured by environment (a fake OpenAI-compatible upstream) or none, and against a real server.
 */
class GenerateCommandIT {
    @TempDir
    Path dir;

    private final FakeImagesUpstream upstream = FakeImagesUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private Launcher.Launch atelier(Map<String, String> env, String... args) throws Exception {
        return Launcher.run(dir, env, args);
    }

    private static Image decode(Path p) throws IOException {
        return Codecs.decode(Files.readAllBytes(p), DecodeLimits.defaults());
    }

    @Test
    void locallyWithoutAProviderItSaysWhatToConfigureAndExitsOne() throws Exception {
        Launcher.Launch l = atelier(Map.of(), "generate", "a lighthouse", "--json");

        assertThat(l.exit()).as(l.toString()).isEqualTo(1);
        JsonNode doc = l.json();
        assertThat(doc.path("exit_code").asInt()).isEqualTo(1);
        assertThat(doc.path("error").asString()).isEqualTo("FeatureUnavailable");
        assertThat(l.stderr()).contains("ATELIER_PROVIDER_");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png"))).isEmpty();
        }
    }

    @Test
    void locallyWithAProviderItWritesTheChosenSize() throws Exception {
        Launcher.Launch l = atelier(upstream.settings("fake", "sdxl"), "generate", "a lighthouse at dusk",
                "--size", "1328*1328", "--negative", "people", "-o", "lighthouse.png");

        assertThat(l.exit()).as(l.toString()).isZero();
        Image out = decode(dir.resolve("lighthouse.png"));
        assertThat(out.width()).isEqualTo(1328);
        assertThat(out.height()).isEqualTo(1328);
        assertThat(l.stdout()).contains("lighthouse.png (1328x1328)");
        assertThat(l.stderr()).contains("generate [");
        assertThat(upstream.last().json().path("negative_prompt").asString()).isEqualTo("people");
    }

    @Test
    void aStyleRunsTheV1TemplateWithTheSizeAsItsRatio() throws Exception {
        Launcher.Launch l = atelier(upstream.settings("fake", "sdxl"), "generate", "a harbour", "--style",
                "watercolor", "--size", "3*4", "--seed", "42", "-o", "out", "--json");

        assertThat(l.exit()).as(l.toString()).isZero();
        JsonNode doc = l.json();
        assertThat(doc.path("mode").asString()).isEqualTo("local");
        assertThat(doc.path("feature").asString()).isEqualTo("text-to-image");
        Path file = Path.of(doc.path("outputs").get(0).path("path").asString());
        assertThat(file.toString()).startsWith("out").contains("a-harbour");
        Image out = decode(dir.resolve(file));
        assertThat(out.width()).isEqualTo(768);
        assertThat(out.height()).isEqualTo(1024);
        assertThat(doc.path("metadata").path("template_id").asString()).isEqualTo("watercolor");
        assertThat(upstream.last().json().path("seed").asLong()).isEqualTo(42);
    }

    @Test
    void onAServerItRunsTheTaskOrTheOpenAiRouteWithAModel() throws Exception {
        NeedsNative.webp(); // -o fox.webp asks the server for WebP
        try (TestServer server = TestServer.start(upstream.settings("fake", "dall-e-3,sdxl"))) {
            Launcher.Launch task = atelier(Map.of(), "generate", "a fox", "--size", "928*1664", "-o", "fox.webp",
                    "--server", server.baseUrl(), "--key", server.key().apiKey(), "--json");

            assertThat(task.exit()).as(task.toString()).isZero();
            assertThat(task.json().path("mode").asString()).isEqualTo("server");
            assertThat(task.json().path("task_id").asString()).isNotBlank();
            Image fox = decode(dir.resolve("fox.webp"));
            assertThat(fox.width()).isEqualTo(928);
            assertThat(fox.height()).isEqualTo(1664);

            Launcher.Launch openAi = atelier(Map.of(), "generate", "a fox", "--model", "dall-e-3", "--size",
                    "1024x1024", "-o", "dalle.png", "--server", server.baseUrl(), "--key", server.key().apiKey(),
                    "--json");

            assertThat(openAi.exit()).as(openAi.toString()).isZero();
            assertThat(openAi.json().path("provider").asString()).isEqualTo("fake");
            assertThat(openAi.json().path("usage").path("cost").asDouble()).isEqualTo(0.04);
            assertThat(decode(dir.resolve("dalle.png")).width()).isEqualTo(1024);
            assertThat(upstream.last().json().path("model").asString()).isEqualTo("dall-e-3");

            Launcher.Launch credits = atelier(Map.of(), "credits", "show", "--server", server.baseUrl(), "--key",
                    server.key().apiKey(), "--json");
            assertThat(credits.exit()).as(credits.toString()).isZero();
            assertThat(credits.json().path("metered").asBoolean()).isFalse();

            Launcher.Launch refused = atelier(Map.of(), "generate", "a fox", "--server", server.baseUrl(), "--key",
                    "wrong-key", "--json");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.json().path("error").asString()).isEqualTo("InvalidApiKey");
            Launcher.Launch creditsRefused = atelier(Map.of(), "credits", "show", "--server", server.baseUrl(),
                    "--key", "wrong-key");
            assertThat(creditsRefused.exit()).as(creditsRefused.toString()).isEqualTo(3);
        }
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingRuns() throws Exception {
        Map<String, String> env = upstream.settings("fake", "sdxl");
        Launcher.Launch badSize = atelier(env, "generate", "a fox", "--size", "big");
        assertThat(badSize.exit()).as(badSize.toString()).isEqualTo(2);
        assertThat(badSize.stderr()).contains("--size must be WIDTH*HEIGHT");

        Launcher.Launch unknownSize = atelier(env, "generate", "a fox", "--size", "1024*1024", "--json");
        assertThat(unknownSize.exit()).as(unknownSize.toString()).isEqualTo(2);
        assertThat(unknownSize.json().path("error_message").asString()).contains("size must be one of");

        Launcher.Launch badFormat = atelier(env, "generate", "a fox", "-f", "gif");
        assertThat(badFormat.exit()).as(badFormat.toString()).isEqualTo(2);
        assertThat(upstream.received()).isEmpty();
    }
}
