package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.RealModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code atelier doctor} through the built launcher, on a bare node (no models, no providers) and on one with a model
 * installed and a provider configured: every feature says ready, or what it misses and the command that enables it.
 */
class DoctorIT {
    @TempDir
    Path dir;

    private final FakeImagesUpstream upstream = FakeImagesUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static JsonNode feature(JsonNode doctor, String name) {
        for (JsonNode f : doctor.path("features")) {
            if (f.path("feature").asString().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name + " in " + doctor.path("features"));
    }

    @Test
    void aBareNodeSaysWhatEachMissingFeatureNeedsAndTheLauncherDoesNotRebuild() throws Exception {
        // ATELIER_SKIP_BUILD=0: the launcher checks the sources as on a user's later start and must find the jar fresh
        Launcher.Launch l = Launcher.run(dir, Map.of("ATELIER_SKIP_BUILD", "0"), "doctor", "--json");

        assertThat(l.exit()).as(l.toString()).isZero();
        assertThat(l.stderr()).doesNotContain("atelier: building");
        JsonNode doc = l.json();
        assertThat(doc.path("jdk").path("version").asString()).startsWith("25");
        assertThat(doc.path("codecs")).extracting(c -> c.path("name").asString())
                .containsExactly("libjpeg-turbo", "libwebp", "libheif");
        for (JsonNode c : doc.path("codecs")) {
            assertThat(c.path("found").asBoolean() || c.path("remedy").asString().startsWith("apt-get install lib"))
                    .as(c.toString()).isTrue();
        }
        assertThat(doc.path("models").path("installed")).isEmpty();
        assertThat(doc.path("providers")).allSatisfy(p -> assertThat(p.path("configured").asBoolean()).isFalse());
        assertThat(doc.path("database").path("kind").asString()).isEqualTo("sqlite");
        assertThat(doc.path("blob_store").path("kind").asString()).isEqualTo("local");

        assertThat(feature(doc, "enhance").path("ready").asBoolean()).isTrue(); // classical, always there
        JsonNode sod = feature(doc, "sod");
        assertThat(sod.path("ready").asBoolean()).isFalse();
        assertThat(sod.path("missing").asString()).contains("isnet-fp16");
        assertThat(sod.path("remedy").asString()).contains("./atelier models pull isnet-fp16");
        assertThat(doc.path("summary").path("features_not_ready").asInt()).isPositive();

        Launcher.Launch text = Launcher.run(dir, Map.of(), "doctor");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.stdout()).containsPattern("(?m)^  sod +missing: model isnet-fp16 is not installed$")
                .containsPattern("(?m)^ +enable: +run: ./atelier models pull isnet-fp16")
                .containsPattern("(?m)^  enhance +ready$").contains("Providers    none configured");
    }

    @Test
    void aNodeWithAModelAndAProviderShowsThemAndTheFeaturesTheyEnable() throws Exception {
        Map<String, String> env = new HashMap<>(upstream.settings("fake", "dall-e-3"));
        env.put("ATELIER_MODELS_DIR", RealModels.modelsDir("isnet-fp16").toString());
        env.put("ATELIER_DB_URL", "jdbc:postgresql://db.internal:5432/atelier?user=atelier&password=hunter2");

        Launcher.Launch l = Launcher.run(dir, env, "doctor", "--json");

        assertThat(l.exit()).as(l.toString()).isZero();
        assertThat(l.stdout()).doesNotContain("hunter2");
        JsonNode doc = l.json();
        assertThat(doc.path("models").path("installed")).extracting(m -> m.path("id").asString())
                .contains("isnet-fp16");
        assertThat(doc.path("providers")).filteredOn(p -> p.path("configured").asBoolean())
                .extracting(p -> p.path("name").asString()).containsExactly("fake");
        assertThat(doc.path("database").path("kind").asString()).isEqualTo("postgresql");
        assertThat(doc.path("database").path("url").asString()).contains("password=***");
        assertThat(feature(doc, "sod").path("ready").asBoolean()).isTrue();
        assertThat(feature(doc, "bg-blur").path("ready").asBoolean()).isTrue();
    }
}
