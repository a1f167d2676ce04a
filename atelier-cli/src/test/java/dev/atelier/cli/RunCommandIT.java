package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code atelier run} as users run it: the built launcher in a temporary folder, on real image files, checking the
 * files written, stdout, stderr and the exit code.
 */
class RunCommandIT {
    @TempDir
    Path dir;

    private Launcher.Launch atelier(String... args) throws IOException, InterruptedException {
        return Launcher.run(dir, java.util.Map.of(), args);
    }

    private static Image decode(Path p) throws IOException {
        return Codecs.decode(Files.readAllBytes(p), DecodeLimits.defaults());
    }

    /** PSNR of {@code result} scaled back to {@code original}'s size, against it. */
    private static double psnrBack(Path original, Path result) throws IOException {
        Image in = decode(original);
        Image back = Resample.resize(decode(result), in.width(), in.height(), Resample.Kernel.LANCZOS3);
        return Metrics.psnr(in, back);
    }

    @Test
    void runsAnEffectLocallyOnOneFileAndWritesTheResultInTheCurrentFolder() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(120, 90));

        Launcher.Launch l = atelier("run", "enhance", "photo.jpg", "--param", "scale=2");

        assertThat(l.exit()).as(l.toString()).isZero();
        Path result = dir.resolve("photo-enhance.jpg");
        assertThat(decode(result).width()).isEqualTo(240);
        assertThat(decode(result).height()).isEqualTo(180);
        assertThat(psnrBack(photo, result)).isGreaterThan(25.0);
        assertThat(Files.getPosixFilePermissions(result)).as("the result follows the umask as the photo did")
                .isEqualTo(Files.getPosixFilePermissions(photo));
        assertThat(l.stdout()).contains("photo.jpg -> photo-enhance.jpg (240x180)");
        assertThat(l.stderr()).contains("enhance [").contains("1/1 100%");
    }

    @Test
    void aBatchOverAFolderReportsEveryFileAsJsonAndExitsOneWhenOneFails() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("a.jpg"), TestImages.jpeg(64, 48));
        Files.write(in.resolve("b.png"), TestImages.png(80, 40));
        Files.write(in.resolve("c.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3, 4});
        Files.writeString(in.resolve("notes.txt"), "not an image: skipped by the folder scan");

        Launcher.Launch l = atelier("run", "enhance", "in", "-o", "out", "--param", "scale=2", "--format", "png",
                "--concurrency", "2", "--json");

        assertThat(l.exit()).as(l.toString()).isEqualTo(1);
        JsonNode doc = l.json();
        assertThat(doc.path("mode").asString()).isEqualTo("local");
        assertThat(doc.path("ok").asInt()).isEqualTo(2);
        assertThat(doc.path("failed").asInt()).isEqualTo(1);
        assertThat(doc.path("exit_code").asInt()).isEqualTo(1);
        assertThat(doc.path("results")).hasSize(3);
        JsonNode failed = doc.path("results").get(2);
        assertThat(failed.path("input").asString()).endsWith("c.jpg");
        assertThat(failed.path("status").asString()).isEqualTo("error");
        assertThat(failed.path("error").asString()).isEqualTo("error_decode_image");
        assertThat(decode(dir.resolve("out/a-enhance.png")).width()).isEqualTo(128);
        assertThat(decode(dir.resolve("out/b-enhance.png")).height()).isEqualTo(80);
        assertThat(Files.readAllBytes(dir.resolve("out/a-enhance.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(dir.resolve("out/c-enhance.png")).doesNotExist();
        // the error is told once, in the JSON; the progress lines only say which item failed
        assertThat(l.stderr()).contains("3/3 100%").contains("failed").doesNotContain("error_decode_image");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown effect      | run nope photo.jpg                         | Unknown effect 'nope'",
            "invalid parameter   | run enhance photo.jpg --param scale=3       | scale must be one of [1, 2, 4]",
            "missing input       | run enhance missing.jpg --param scale=2     | no such file (input): missing.jpg",
            "unknown format      | run enhance photo.jpg -p scale=2 -f gif     | unknown output format 'gif'",
            "missing option arg  | run enhance photo.jpg --concurrency         | Missing required parameter",
            "server without key  | run enhance photo.jpg --server http://127.0.0.1:1 | needs an API key"})
    void usageErrorsExitTwoWithAMessageAndWriteNothing(String what, String args, String message) throws Exception {
        Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(64, 48));

        Launcher.Launch l = atelier(args.trim().split("\\s+"));

        assertThat(l.exit()).as(l.toString()).isEqualTo(2);
        assertThat(l.stderr()).contains(message.trim());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("photo-enhance.jpg");
        }
    }

    @Test
    void helpListsEveryEffectOnOneLineAndMarksWhatNeedsSomethingFirst() throws Exception {
        Launcher.Launch l = atelier("run", "--help");

        assertThat(l.exit()).as(l.toString()).isZero();
        assertThat(l.stdout()).contains("Effects (* needs something on this machine first: atelier doctor):")
                .containsPattern("(?m)^  enhance +Photo enhance: ")
                .containsPattern("(?m)^  lighting +Lighting: ")
                .as("no models in this data directory").containsPattern("(?m)^  sod +\\* Background removal: ");
    }

    @Test
    void aFailedItemIsReportedOnceWithItsCode() throws Exception {
        Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(64, 48));
        Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});

        Launcher.Launch l = atelier("run", "enhance", "photo.jpg", "broken.jpg", "-p", "scale=2");

        assertThat(l.exit()).as(l.toString()).isEqualTo(1);
        String failure = l.stderr().lines().filter(line -> line.contains("broken.jpg") && line.contains("error_"))
                .reduce((x, y) -> x + "\n" + y).orElse("");
        assertThat(failure.lines()).as(l.stderr()).hasSize(1);
        assertThat(failure).contains("error_decode_image");

        Launcher.Launch usage = atelier("run", "enhance", "photo.jpg", "-p", "scale=3");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("atelier run: InvalidParameters: scale must be one of")
                .contains("'atelier run --help' lists the effects");
    }

    @Test
    void runsThroughAServerWithTheSdkAndMatchesTheLocalResult() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(96, 72));
        try (TestServer server = TestServer.start()) {
            Launcher.Launch remote = atelier("run", "enhance", "photo.jpg", "-o", "remote.png", "-p", "scale=2",
                    "--server", server.baseUrl(), "--key", server.key().apiKey(), "--json");
            Launcher.Launch local = atelier("run", "enhance", "photo.jpg", "-o", "local.png", "-p", "scale=2");

            assertThat(remote.exit()).as(remote.toString()).isZero();
            assertThat(local.exit()).as(local.toString()).isZero();
            JsonNode r = remote.json().path("results").get(0);
            assertThat(remote.json().path("mode").asString()).isEqualTo("server");
            assertThat(r.path("task_id").asString()).isNotBlank();
            assertThat(r.path("outputs").get(0).path("dst_id").asString()).isNotBlank();
            assertThat(r.path("outputs").get(0).path("path").asString()).isEqualTo("remote.png");
        }
        Image remote = decode(dir.resolve("remote.png"));
        Image local = decode(dir.resolve("local.png"));
        assertThat(remote.width()).isEqualTo(192);
        // one run pipeline on both sides (decode, run, encode): lossless PNG of the same computation, pixel for pixel
        assertThat(local.width()).isEqualTo(remote.width());
        assertThat(local.height()).isEqualTo(remote.height());
        assertThat(local.channels()).isEqualTo(remote.channels());
        for (int c = 0; c < remote.channels(); c++) {
            assertThat(local.plane(c)).as("channel %d", c).containsExactly(remote.plane(c));
        }
        assertThat(psnrBack(photo, dir.resolve("remote.png"))).isGreaterThan(25.0);
    }

    @Test
    void aRefusedKeyAndAnUnreachableServerExitThree() throws Exception {
        Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(64, 48));
        try (TestServer server = TestServer.start()) {
            Launcher.Launch refused = atelier("run", "enhance", "photo.jpg", "-p", "scale=2", "--server",
                    server.baseUrl(),
                    "--key", "wrong-key", "--json");

            assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.json().path("results").get(0).path("error").asString()).isEqualTo("InvalidApiKey");
        }
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Launcher.Launch unreachable = atelier("run", "enhance", "photo.jpg", "-p", "scale=2", "--server",
                "http://127.0.0.1:" + port, "--key", "k");

        assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(3);
        assertThat(unreachable.stderr()).contains("cannot reach the server");
    }

    @Test
    void runReachesEveryEffectOfTheTableAndSaysWhatAMissingEngineNeedsAsDoctorDoes() throws Exception {
        Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(64, 48));
        Launcher.Launch doctor = atelier("doctor", "--json");
        Launcher.Launch help = atelier("run", "--help");
        assertThat(doctor.exit()).as(doctor.toString()).isZero();

        // doctor and run read the same effect table: every feature doctor reports is one run lists, and back
        List<String> features = new ArrayList<>();
        doctor.json().path("features").forEach(f -> features.add(f.path("feature").asString()));
        List<String> listed = help.stdout().lines().dropWhile(l -> !l.startsWith("Effects ")).skip(1)
                .takeWhile(l -> l.startsWith("  ")).map(l -> l.trim().split("\\s+")[0]).toList();
        assertThat(features).contains("hair-style", "aging", "obj-replace", "enhance", "sod");
        assertThat(listed).containsExactlyInAnyOrderElementsOf(features);

        // hair, aging and AI replace need a face model and an image generator this bare node has not got
        for (String feature : List.of("hair-style", "aging", "obj-replace")) {
            JsonNode expected = null;
            for (JsonNode f : doctor.json().path("features")) {
                expected = f.path("feature").asString().equals(feature) ? f : expected;
            }
            assertThat(expected.path("ready").asBoolean()).as(feature).isFalse();
            assertThat(expected.path("missing").asString()).as(feature).isNotBlank();
            Launcher.Launch l = atelier("run", feature, "photo.jpg", "--json");

            assertThat(l.exit()).as(l.toString()).isEqualTo(1);
            assertThat(l.json().path("error").asString()).isEqualTo("FeatureUnavailable");
            assertThat(l.json().path("error_message").asString())
                    .startsWith("effect '" + feature + "' cannot run here: ")
                    .contains(expected.path("missing").asString());
            assertThat(l.stderr()).contains("atelier run: FeatureUnavailable: effect '" + feature + "'");
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("photo-"));
            }
        }
    }
}
