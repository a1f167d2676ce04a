package dev.atelier.cli;

import dev.atelier.client.OutputFormat;
import dev.atelier.server.api.YouCamErrors;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.localengines.LocalEngines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;

/**
 * {@code atelier run EFFECT INPUT...}: runs an effect on local files, in this process with the server's own effect
 * table and engines, or on a server through the SDK ({@code --server}). Each input file is one task; a folder stands
 * for the images in it. Results are written as {@code <name>-<effect>.<ext>}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an effect on image files: locally with the server's engines, or on a server (--server).",
                "Each INPUT file is one task; a folder means every image in it (not recursive)."},
        footer = {"", "Examples:",
                "  atelier run enhance photo.jpg --param scale=2",
                "  atelier run enhance photos/ -o out/ --param scale=4 --format webp --concurrency 2",
                "  atelier run enhance photo.jpg -o big.png --param scale=2 --server http://127.0.0.1:8080 --key $KEY",
                "  atelier run video-enhance clip.mp4 -o out.mp4",
                "", "Exit codes: 0 all succeeded, 1 a task failed, 2 usage error (option, effect, parameter, input),",
                "            3 server unreachable or credentials refused."})
final class RunCommand implements Callable<Integer> {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "bmp", "gif", "tif",
            "tiff", "heic", "heif", "avif");

    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "EFFECT", description = "The effect, e.g. enhance.")
    String effectName;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT",
            description = "Image files or folders (video files for video effects).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file (one input) or folder (default: the current folder).")
    Path output;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
            description = "An effect parameter, e.g. scale=2 (numbers, true/false and JSON arrays/objects are typed).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = {"-f", "--format"}, paramLabel = "jpg|png|webp|mp4|mov",
            description = "Output format (default: from -o's extension, else the effect's default).")
    String format;

    @Option(names = "--ref", paramLabel = "FILE", description = "A reference image, given to every task.")
    List<Path> refs = new ArrayList<>();

    @Option(names = "--mask", paramLabel = "FILE", description = "A mask image, given to every task.")
    Path mask;

    @Mixin
    ServerOptions remote;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
            description = "Tasks at once (default: 1 locally, 4 with --server).")
    Integer concurrency;

    @Option(names = "--json", description = "Print one JSON document on stdout (results, errors, exit_code).")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        try {
            return execute();
        } catch (UsageException e) {
            return report(ExitCodes.USAGE, "usage", e.getMessage());
        }
    }

    private int execute() throws UsageException {
        Map<String, Object> typedParams = typedParams();
        String fmt = format == null ? null : normalizeFormat(format);
        List<Path> files = expandInputs();
        boolean singleTarget = output != null && files.size() == 1 && !Files.isDirectory(output)
                && extension(output) != null;
        if (singleTarget) {
            String ext = normalizeFormat(extension(output));
            if (fmt != null && !fmt.equals(ext)) {
                throw new UsageException("-o " + output + " says " + ext + " but --format says " + fmt);
            }
            fmt = ext;
        } else if (output != null && Files.isRegularFile(output)) {
            throw new UsageException("-o " + output + " is a file; several inputs need an output folder");
        }
        List<RunItem> items = plan(files, singleTarget);
        int n = concurrency != null ? concurrency : remote.remote() ? 4 : 1;
        if (n < 1) {
            throw new UsageException("--concurrency must be at least 1");
        }
        for (Path p : refs) {
            requireFile(p, "--ref");
        }
        if (mask != null) {
            requireFile(mask, "--mask");
        }
        RunItem.Request request = new RunItem.Request(effectName, typedParams, fmt, refs, mask);
        RunItem.Runner runner;
        if (remote.remote()) {
            if (remote.key == null || remote.key.isBlank()) {
                throw new UsageException("--server needs an API key: --key KEY or $ATELIER_API_KEY");
            }
            try {
                runner = new RemoteRunner(remote.client(), request);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else {
            try {
                runner = new LocalRunner(common.settings(Map.of()), request);
            } catch (Refusal e) {
                return switch (e.code()) {
                    case FEATURE_UNAVAILABLE -> report(ExitCodes.FAILED, YouCamErrors.wireCode(e.code()), e.getMessage());
                    default -> report(ExitCodes.USAGE, YouCamErrors.wireCode(e.code()), e.getMessage());
                };
            }
        }
        try (runner) {
            return runBatch(items, runner, n);
        }
    }

    private int runBatch(List<RunItem> items, RunItem.Runner runner, int n) {
        String mode = remote.remote() ? "server" : "local";
        ProgressBar bar = new ProgressBar(err, effectName, items.size(), ProgressBar.stderrIsTerminal(), !noProgress);
        AtomicInteger abort = new AtomicInteger(ExitCodes.OK);
        List<RunItem.Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, items.size()),
                Thread.ofPlatform().name("atelier-run-", 0).daemon(true).factory());
        try {
            List<Future<RunItem.Outcome>> futures = new ArrayList<>();
            for (RunItem item : items) {
                futures.add(pool.submit(() -> {
                    if (abort.get() != ExitCodes.OK) {
                        return RunItem.Outcome.skipped(item);
                    }
                    RunItem.Outcome o = runner.run(item, bar);
                    if (o.code() == ExitCodes.USAGE || o.code() == ExitCodes.UNREACHABLE) {
                        abort.compareAndSet(ExitCodes.OK, o.code()); // every other item would fail the same way
                    }
                    bar.finished(item.label(), note(o));
                    return o;
                }));
            }
            for (Future<RunItem.Outcome> f : futures) {
                outcomes.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(ExitCodes.FAILED, "interrupted", "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            bar.close();
        }
        int exit = outcomes.stream().mapToInt(RunItem.Outcome::code).reduce(ExitCodes.OK, ExitCodes::worst);
        long ok = outcomes.stream().filter(o -> o.status().equals("success")).count();
        long failed = outcomes.stream().filter(o -> !o.status().equals("success")
                && !o.status().equals("skipped")).count();
        long skipped = outcomes.stream().filter(o -> o.status().equals("skipped")).count();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("effect", effectName);
            doc.put("mode", mode);
            doc.put("ok", ok);
            doc.put("failed", failed);
            doc.put("skipped", skipped);
            doc.put("exit_code", exit);
            List<Map<String, Object>> results = new ArrayList<>();
            for (RunItem.Outcome o : outcomes) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("input", o.item().input().toString());
                r.put("status", o.status());
                if (o.status().equals("success")) {
                    r.put("outputs", o.outputs());
                    r.putAll(o.details());
                } else if (o.error() != null) {
                    r.put("error", o.error());
                    r.put("error_message", o.message());
                }
                results.add(r);
            }
            doc.put("results", results);
            out.println(KeysCommand.JSON.writeValueAsString(doc));
        } else {
            for (RunItem.Outcome o : outcomes) {
                switch (o.status()) {
                    case "success" -> out.println(o.item().input() + " -> " + String.join(", ",
                            o.outputs().stream().map(m -> m.get("path") + dims(m)).toList()));
                    case "skipped" -> { }
                    default -> err.println("atelier: " + o.item().input() + ": " + o.error() + ": " + o.message());
                }
            }
            if (items.size() > 1) {
                err.println(effectName + ": " + ok + " succeeded, " + failed + " failed"
                        + (skipped > 0 ? ", " + skipped + " skipped" : ""));
            }
        }
        return exit;
    }

    private static String dims(Map<String, Object> output) {
        return output.containsKey("width") ? " (" + output.get("width") + "x" + output.get("height") + ")" : "";
    }

    /** The progress line's word for an item: the error itself is printed once, in the summary after the batch. */
    private static String note(RunItem.Outcome o) {
        return switch (o.status()) {
            case "success" -> "ok";
            default -> "failed";
        };
    }

    /** Prints a command-level error (as JSON with --json) and returns its exit code. */
    private int report(int code, String error, String message) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("effect", effectName);
            doc.put("exit_code", code);
            doc.put("error", error);
            doc.put("error_message", message);
            out.println(KeysCommand.JSON.writeValueAsString(doc));
        }
        err.println("atelier run: " + error + ": " + message);
        if (code == ExitCodes.USAGE) {
            err.println("  'atelier run --help' lists the effects; 'atelier doctor' says what each needs here");
        }
        return code;
    }

    // ---- planning

    private Map<String, Object> typedParams() throws UsageException {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            typed.put(e.getKey(), typed(e.getKey(), e.getValue()));
        }
        return typed;
    }

    static Object typed(String name, String v) throws UsageException {
        if (v.matches("-?\\d{1,18}")) {
            long l = Long.parseLong(v);
            return l == (int) l ? (Object) (int) l : (Object) l;
        }
        if (v.matches("-?\\d+\\.\\d+([eE]-?\\d+)?")) {
            return Double.parseDouble(v);
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.startsWith("[") || v.startsWith("{")) {
            try {
                return KeysCommand.JSON.readValue(v, Object.class);
            } catch (JacksonException e) {
                throw new UsageException("--param " + name + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return v;
    }

    private static String normalizeFormat(String f) throws UsageException {
        try {
            return OutputFormat.parse(f).wire();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private List<Path> expandInputs() throws UsageException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> images = s.filter(Files::isRegularFile)
                            .filter(f -> IMAGE_EXTENSIONS.contains(String.valueOf(extension(f))))
                            .sorted().toList();
                    if (images.isEmpty()) {
                        throw new UsageException("no images (" + String.join(", ", IMAGE_EXTENSIONS.stream().sorted()
                                .toList()) + ") in folder " + p);
                    }
                    files.addAll(images);
                } catch (IOException e) {
                    throw new UsageException("cannot list " + p + ": " + e.getMessage());
                }
            } else {
                requireFile(p, "input");
                files.add(p);
            }
        }
        return files;
    }

    private static void requireFile(Path p, String what) throws UsageException {
        if (!Files.isRegularFile(p)) {
            throw new UsageException("no such file (" + what + "): " + p);
        }
        if (!Files.isReadable(p)) {
            throw new UsageException("cannot read (" + what + "): " + p);
        }
    }

    private List<RunItem> plan(List<Path> files, boolean singleTarget) throws UsageException {
        if (singleTarget) {
            Path in = files.getFirst();
            return List.of(new RunItem(in, in.getFileName().toString(), output, null));
        }
        Path dir = output != null ? output : Path.of("");
        String suffix = "-" + effectName.replace('/', '-');
        List<RunItem> items = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path in : files) {
            String name = in.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path base = dir.resolve((dot > 0 ? name.substring(0, dot) : name) + suffix);
            Path clash = seen.putIfAbsent(base.toAbsolutePath().normalize(), in);
            if (clash != null) {
                throw new UsageException(in + " and " + clash + " would both be written to " + base
                        + ".*; run them separately or rename one");
            }
            items.add(new RunItem(in, name, null, base));
        }
        return items;
    }

    static String extension(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }

    static String sniffExtension(byte[] b) {
        if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return "jpg";
        }
        if (b.length > 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length > 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        if (b.length > 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            return b[8] == 'q' && b[9] == 't' ? "mov" : "mp4";
        }
        return "bin";
    }

    /**
     * The "Effects" section of {@code atelier run --help}: one line each, those this machine cannot run yet marked,
     * computed when the help is shown (installing a model changes it).
     */
    static String effectsHelp(Common common) {
        StringBuilder s = new StringBuilder("%nEffects (* needs something on this machine first: atelier doctor):%n");
        try (LocalEngines engines = new LocalEngines(common.settings(Map.of()))) {
            List<Effect> all = LocalRunner.effects(engines, common.settings(Map.of())).all();
            int width = all.stream().mapToInt(e -> e.spec().feature().length()).max().orElse(0);
            for (Effect e : all) {
                String summary = e.spec().summary();
                s.append("  ").append(String.format("%-" + width + "s", e.spec().feature()))
                        .append(e.availability().isAvailable() ? "   " : " * ")
                        .append(summary.length() > 90 ? summary.substring(0, 89) + "…" : summary).append("%n");
            }
        } catch (RuntimeException e) {
            s.append("  (the effect list could not be read: ").append(e.getMessage()).append(")%n");
        }
        return String.format(s.toString());
    }
}
