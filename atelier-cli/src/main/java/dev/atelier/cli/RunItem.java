package dev.atelier.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One input of {@code atelier run} and where its results go: {@code target} when {@code -o} named the file, else
 * {@code targetWithoutExtension} plus the output's extension.
 */
record RunItem(Path input, String label, Path target, Path targetWithoutExtension) {

    /** Where output {@code index} goes (the second and later ones get {@code -2}, {@code -3}…). */
    Path output(int index, String ext) {
        if (target != null && index == 0) {
            return target;
        }
        Path base = target != null ? stripExtension(target) : targetWithoutExtension;
        return Path.of(base + (index == 0 ? "" : "-" + (index + 1)) + "." + ext);
    }

    private static Path stripExtension(Path p) {
        String s = p.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? Path.of(s.substring(0, dot)) : p;
    }

    /** What happened to one item: its exit code, status word, written outputs or error. */
    record Outcome(RunItem item, int code, String status, List<Map<String, Object>> outputs, String error,
            String message, Map<String, Object> details) {
        static Outcome success(RunItem item, List<Map<String, Object>> outputs, Map<String, Object> details) {
            return new Outcome(item, ExitCodes.OK, "success", outputs, null, null, details);
        }

        static Outcome failure(RunItem item, int code, String error, String message) {
            return new Outcome(item, code, "error", List.of(), error, message, Map.of());
        }

        static Outcome skipped(RunItem item) {
            return new Outcome(item, ExitCodes.OK, "skipped", List.of(), null, null, Map.of());
        }
    }

    /** What every item of one {@code atelier run} asks for: the effect, its parameters and the shared side inputs. */
    record Request(String effect, Map<String, Object> params, String format, List<Path> refs, Path mask) {
        Request {
            refs = List.copyOf(refs);
        }

        Request withFormat(String checkedFormat) {
            return new Request(effect, params, checkedFormat, refs, mask);
        }
    }

    /** Runs one item: in this process ({@link LocalRunner}) or on a server through the SDK ({@link RemoteRunner}). */
    interface Runner extends AutoCloseable {
        Outcome run(RunItem item, ProgressBar bar);

        @Override
        void close();
    }
}
