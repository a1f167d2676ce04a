package dev.atelier.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the built {@code ./atelier} launcher in a folder, as users do, and keeps what it printed and returned. */
final class Launcher {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What one launch printed and returned. */
    record Launch(int exit, String stdout, String stderr) {
        JsonNode json() {
            return JSON.readTree(stdout);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Launcher() {}

    /** Runs {@code atelier args...} in {@code dir} with data under {@code dir/data} and {@code env} added. */
    static Launch run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("atelier.launcher", "../atelier")).toAbsolutePath().normalize()
                .toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("ATELIER_SKIP_BUILD", "1"); // the jar was packaged just before this phase
        pb.environment().put("ATELIER_DATA", dir.resolve("data").toString());
        pb.environment().remove("ATELIER_API_KEY");
        // a generator configured in the caller's environment would change what local runs can do
        pb.environment().keySet().removeIf(k -> k.startsWith("ATELIER_PROVIDER_")
                || k.startsWith("ATELIER_GENERATOR_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) { // a bound, not a speed check: a hung CLI must not hang the build
            p.destroyForcibly();
            throw new AssertionError("atelier " + String.join(" ", args) + " did not finish");
        }
        Launch l = new Launch(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return l;
    }
}
