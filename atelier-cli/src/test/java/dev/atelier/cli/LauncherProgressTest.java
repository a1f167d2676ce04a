package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build progress display ({@code .mvn/build-progress.sh}) fed a recorded Maven build log: one line per
 * module with its index, the whole log kept for when the build fails.
 */
class LauncherProgressTest {
    @TempDir
    Path dir;

    @Test
    void eachModuleIsShownOnceWithItsPlaceInTheBuild() throws Exception {
        Path script = Path.of("../.mvn/build-progress.sh").toAbsolutePath().normalize();
        Path mavenLog = Path.of("src/test/resources/dev/atelier/cli/maven-build.log").toAbsolutePath();
        Path kept = dir.resolve("kept.log");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder("bash", "-c", ". \"$0\"; atelier_build_progress \"$1\" '1 min' < \"$2\"",
                script.toString(), kept.toString(), mavenLog.toString())
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue(); // a bound against a hung script, not a speed check
        assertThat(p.exitValue()).isZero();

        // elapsed seconds depend on the machine: compared as "Ns"
        String shown = Files.readString(err, StandardCharsets.UTF_8).replaceAll("\\(\\d+s\\)", "(Ns)");
        assertThat(shown.lines()).containsExactly(
                progressLine("1/6", "Atelier"), progressLine("2/6", "atelier-imaging"),
                progressLine("3/6", "atelier-engines"), progressLine("4/6", "atelier-client"),
                progressLine("5/6", "atelier-server"), progressLine("6/6", "atelier-cli"));
        assertThat(Files.readString(kept)).isEqualTo(Files.readString(mavenLog));
    }

    private static String progressLine(String index, String module) {
        return "atelier: building [" + index + "] " + module + " (Ns)";
    }

    @Test
    void aTerminalSeesOneStatusLineWithTheStepAndTheFilesFetched() throws IOException, InterruptedException {
        Path mavenLog = Path.of("src/test/resources/dev/atelier/cli/maven-build.log").toAbsolutePath();
        Path script = Path.of("../.mvn/build-progress.sh").toAbsolutePath().normalize();
        // script(1) gives the filter a terminal on stderr, as a user's shell does
        Process p = new ProcessBuilder("script", "-qec", "bash -c '. " + script + "; atelier_build_progress "
                + dir.resolve("kept.log") + " \"1 min\" < " + mavenLog + "'", "/dev/null")
                .redirectErrorStream(true).start();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll(", \\d+s of about", ", Ns of about");
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(screen).doesNotContain("\n")
                .contains("\r\033[Katelier: building [0/?] starting Maven: downloading dependencies (1 files fetched)")
                .contains("[2/6] atelier-imaging: compiling (1 files fetched), Ns of about 1 min")
                .contains("[6/6] atelier-cli: copying libraries").endsWith("\r\033[K");
    }
}
