package dev.atelier.cli;

import dev.atelier.client.AtelierClient;
import dev.atelier.client.ConnectionException;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.GeneratedImages;
import dev.atelier.client.OpenAiException;
import dev.atelier.client.OutputFormat;
import dev.atelier.client.RequestException;
import dev.atelier.client.TaskFailedException;
import dev.atelier.client.TaskResult;
import dev.atelier.engines.EngineException;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.api.YouCamErrors;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.TaskFailure;
import dev.atelier.server.config.Settings;
import dev.atelier.server.EffectTable;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.tasks.DirectRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code atelier generate "prompt"}: the AI Image Generator from the command line, in this process with the
 * configured providers ({@code ATELIER_PROVIDER_*}), or on a server through the SDK ({@code --server}). Without
 * {@code --style} it runs V2 text to image; with {@code --style TEMPLATE} V1 (the size becomes the aspect ratio).
 * {@code --model} chooses the model behind it: locally as {@code ATELIER_GENERATOR_V1/V2_MODEL}, on a server through
 * the OpenAI-compatible route (the YouCam routes do not take a model).
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate an image from a prompt: locally with the configured providers, or on a server.",
                "Local runs need a provider (ATELIER_PROVIDER_<NAME>_TYPE, _API_KEY, ...; see docs/configuration.md)."},
        footer = {"", "Examples:",
                "  atelier generate \"a lighthouse at dusk\" --size 1328*1328 -o lighthouse.png",
                "  atelier generate \"a harbour\" --style watercolor --size 3*4",
                "  atelier generate \"a fox\" --model dall-e-3 --server http://127.0.0.1:8080 --key $KEY --json",
                "", "Exit codes: 0 generated, 1 generation failed or no generator is configured, 2 usage error,",
                "            3 server unreachable or credentials refused."})
final class GenerateCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})[*x](\\d{1,5})");
    private static final Set<String> FORMATS = Set.of("jpg", "png", "webp");

    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw (V2: up to 800 characters).")
    String prompt;

    @Option(names = "--size", paramLabel = "W*H",
            description = "V2: 1664*928 (default), 1472*1104, 1328*1328, 1104*1472, 928*1664. With --style: the "
                    + "aspect ratio. With --model on a server: the model's size.")
    String size;

    @Option(names = "--style", paramLabel = "TEMPLATE", description = "A V1 template, e.g. watercolor (V1).")
    String style;

    @Option(names = "--negative", paramLabel = "TEXT", description = "What to keep out of the picture.")
    String negative;

    @Option(names = "--no-extend", description = "Send the prompt verbatim (V2).")
    boolean noExtend;

    @Option(names = "--seed", paramLabel = "N", description = "A seed, 0..4294967295 (V1 and --model).")
    Long seed;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model behind the generator.")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file (its extension picks the format) or folder (default: the current folder).")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "jpg|png|webp", description = "Output format.")
    String format;

    @Mixin
    ServerOptions remote;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    /** The request: the feature (a v2 path, which the local effect table also knows) and its parameters. */
    private record Request(String feature, Map<String, Object> params) {}

    /** One generated image, written. */
    private record Written(Path path, String format, Map<String, Object> extra) {}

    /** A command-line problem (exit 2) or another failure with its exit code. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        final String error;

        Failure(int code, String error, String message) {
            super(message);
            this.code = code;
            this.error = error;
        }
    }

    @Override
    public Integer call() {
        try {
            String fmt = outputFormat();
            Request request = request();
            ProgressBar bar = new ProgressBar(err, "generate", 1, ProgressBar.stderrIsTerminal(), !noProgress);
            Map<String, Object> doc = new LinkedHashMap<>();
            List<Written> written;
            try {
                written = remote.remote() ? remote(request, fmt, bar, doc) : local(request, fmt, bar, doc);
                bar.finished(request.feature(), "ok");
            } finally {
                bar.close();
            }
            if (json) {
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("command", "generate");
                all.put("mode", remote.remote() ? "server" : "local");
                all.put("feature", request.feature());
                all.put("exit_code", ExitCodes.OK);
                List<Map<String, Object>> outputs = new ArrayList<>();
                for (Written w : written) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", w.path().toString());
                    m.put("format", w.format());
                    m.putAll(w.extra());
                    outputs.add(m);
                }
                all.put("outputs", outputs);
                all.putAll(doc);
                out.println(KeysCommand.JSON.writeValueAsString(all));
            } else {
                written.forEach(w -> out.println(w.path() + dims(w.extra())));
            }
            return ExitCodes.OK;
        } catch (Failure f) {
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("command", "generate");
                doc.put("exit_code", f.code);
                doc.put("error", f.error);
                doc.put("error_message", f.getMessage());
                out.println(KeysCommand.JSON.writeValueAsString(doc));
            }
            err.println("atelier generate: " + f.getMessage());
            return f.code;
        }
    }

    private static String dims(Map<String, Object> extra) {
        return extra.containsKey("width") ? " (" + extra.get("width") + "x" + extra.get("height") + ")" : "";
    }

    // ---- planning

    private String outputFormat() throws Failure {
        String f = format;
        if (f == null && output != null && RunCommand.extension(output) != null) {
            f = RunCommand.extension(output);
        }
        if (f == null) {
            return null;
        }
        f = f.toLowerCase(Locale.ROOT).equals("jpeg") ? "jpg" : f.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw usage("the output format must be jpg, png or webp, got " + f);
        }
        return f;
    }

    private Request request() throws Failure {
        if (prompt == null || prompt.isBlank()) {
            throw usage("the prompt is empty");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("prompt", prompt);
        if (negative != null) {
            p.put("negative_prompt", negative);
        }
        if (style != null) {
            p.put("template_id", style);
            if (size != null) {
                int[] wh = size();
                int g = gcd(wh[0], wh[1]);
                p.put("width_ratio", wh[0] / g);
                p.put("height_ratio", wh[1] / g);
            }
            if (seed != null) {
                p.put("seed", List.of(seed));
            }
            return new Request("text-to-image", p);
        }
        if (seed != null && !(model != null && remote.remote())) {
            throw usage("--seed needs --style (V1) or --model with --server");
        }
        p.put("model", "youcam-image-v2");
        if (size != null) {
            int[] wh = size();
            p.put("size", wh[0] + "*" + wh[1]);
        }
        if (noExtend) {
            p.put("prompt_extend", false);
        }
        return new Request("text-to-image/youcam", p);
    }

    private int[] size() throws Failure {
        Matcher m = SIZE.matcher(size.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0 || Integer.parseInt(m.group(2)) == 0) {
            throw usage("--size must be WIDTH*HEIGHT, e.g. 1328*1328, got " + size);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Where image {@code index} goes: -o as a file when it has an image extension, else a folder. */
    private Path target(int index, String ext) {
        if (output != null && RunCommand.extension(output) != null && !Files.isDirectory(output)) {
            String s = output.toString();
            return index == 0 ? output : Path.of(s.substring(0, s.lastIndexOf('.')) + "-" + (index + 1) + "." + ext);
        }
        Path folder = output != null ? output : Path.of("");
        String slug = prompt.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-|-$", "");
        slug = slug.isEmpty() ? "generated" : slug.length() > 40 ? slug.substring(0, 40).replaceAll("-$", "") : slug;
        return folder.resolve(slug + (index == 0 ? "" : "-" + (index + 1)) + "." + ext);
    }

    private static Failure usage(String message) {
        return new Failure(ExitCodes.USAGE, "usage", message);
    }

    private Written write(int index, byte[] bytes, String fmt, Map<String, Object> extra) throws Failure {
        String ext = fmt != null ? fmt : RunCommand.sniffExtension(bytes);
        Path t = target(index, ext);
        try {
            OutputFiles.write(t, bytes);
        } catch (IOException | UncheckedIOException e) {
            throw new Failure(ExitCodes.FAILED, "io_error", "cannot write " + t + ": " + e.getMessage());
        }
        return new Written(t, ext, extra);
    }

    // ---- local: the generator effects in this process

    private List<Written> local(Request request, String fmt, ProgressBar bar, Map<String, Object> doc)
            throws Failure {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (model != null) {
            overrides.put(style != null ? "ATELIER_GENERATOR_V1_MODEL" : "ATELIER_GENERATOR_V2_MODEL", model);
        }
        Settings settings = common.settings(overrides);
        GenerationSettings generation = GenerationSettings.from(settings.source());
        DirectRun direct = new DirectRun(EffectTable.generators(generation).effects(),
                new DecodeLimits(settings.maxImagePixels(), settings.maxUploadBytes()));
        try {
            var effect = direct.effect(request.feature());
            DirectRun.Result result = direct.run(effect, new DirectRun.Inputs(List.of(), List.of(), List.of()),
                    request.params(), fmt, (f, stage) -> bar.progress(request.feature(), f));
            List<Written> written = new ArrayList<>();
            int i = 0;
            for (DirectRun.Encoded e : result.outputs()) {
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("width", e.width());
                extra.put("height", e.height());
                written.add(write(i++, e.bytes(), e.extension(), extra));
            }
            doc.put("metadata", result.metadata());
            return written;
        } catch (Refusal e) {
            if (e.code() == dev.atelier.server.errors.RefusalCode.FEATURE_UNAVAILABLE) {
                throw new Failure(ExitCodes.FAILED, YouCamErrors.wireCode(e.code()), e.getMessage()
                        + " (configure a provider: see docs/configuration.md, ATELIER_PROVIDER_<NAME>_*)");
            }
            throw new Failure(ExitCodes.USAGE, YouCamErrors.wireCode(e.code()), e.getMessage());
        } catch (EngineException e) {
            throw new Failure(ExitCodes.FAILED, e.code().wire(), TaskFailure.of(e).storedMessage());
        }
    }

    // ---- server: through the SDK

    private List<Written> remote(Request request, String fmt, ProgressBar bar, Map<String, Object> doc)
            throws Failure {
        AtelierClient client;
        try {
            client = remote.client();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (client) {
            List<Written> written = new ArrayList<>();
            if (model != null && style == null) {
                GeneratedImages r = openAi(client, fmt);
                int i = 0;
                for (GeneratedImages.Image img : r.images()) {
                    written.add(write(i++, img.bytes(), fmt, Map.of()));
                }
                Map<String, Object> usage = new LinkedHashMap<>();
                usage.put("cost", r.usage().cost());
                usage.put("latency_ms", r.usage().latencyMs());
                usage.put("image_size", r.usage().imageSize());
                usage.put("model_used", r.usage().modelUsed());
                doc.put("provider", r.provider());
                doc.put("usage", usage);
                return written;
            }
            var call = client.task(request.feature()).params(request.params())
                    .onProgress(s -> bar.progress(request.feature(), s.progress()));
            if (fmt != null) {
                call.outputFormat(OutputFormat.parse(fmt));
            }
            TaskResult r = call.run();
            int i = 0;
            for (TaskResult.Output o : r.outputs()) {
                written.add(write(i++, r.download(o), fmt, Map.of("dst_id", o.dstId(), "url", o.url())));
            }
            doc.put("task_id", r.taskId());
            doc.put("metadata", r.metadata());
            return written;
        } catch (TaskFailedException e) {
            throw new Failure(ExitCodes.FAILED, e.wireCode(), e.getMessage());
        } catch (RequestException e) {
            int code = e.code().isAuthentication() ? ExitCodes.UNREACHABLE
                    : e.code() == ErrorCode.INVALID_PARAMETERS || e.code() == ErrorCode.BAD_REQUEST ? ExitCodes.USAGE
                            : ExitCodes.FAILED;
            throw new Failure(code, e.wireCode() == null ? "http_" + e.httpStatus() : e.wireCode(), e.getMessage());
        } catch (OpenAiException e) {
            int code = "invalid_api_key".equals(e.code()) ? ExitCodes.UNREACHABLE
                    : "invalid_parameter".equals(e.code()) ? ExitCodes.USAGE : ExitCodes.FAILED;
            throw new Failure(code, e.code() == null ? "http_" + e.httpStatus() : e.code(), e.getMessage());
        } catch (ConnectionException e) {
            throw new Failure(ExitCodes.UNREACHABLE, "unreachable", e.getMessage());
        }
    }

    private GeneratedImages openAi(AtelierClient client, String fmt) throws Failure {
        var call = client.images().generate(prompt).model(model);
        if (size != null) {
            int[] wh = size();
            call.size(wh[0], wh[1]);
        }
        if (negative != null) {
            call.negativePrompt(negative);
        }
        if (seed != null) {
            call.seed(seed);
        }
        if (fmt != null) {
            call.outputFormat(fmt.equals("jpg") ? "jpeg" : fmt);
        }
        return call.run();
    }
}
