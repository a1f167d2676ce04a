package dev.atelier.server.tasks;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.memory.MemoryBudget;
import dev.atelier.imaging.ImagingException;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.VideoEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One effect run in this process on image bytes, through the worker's own {@link RunPipeline} (same effect table,
 * parameter rules, input checks, engines, encoders and output quality), without HTTP, a database, stored files or
 * polling: what {@code atelier run} does
 * when no server is named. Request problems throw {@link Refusal} (as a submit would answer), engine and input
 * problems {@link EngineException} with the engine code (as the task would end).
 */
public final class DirectRun {
    private final Effects effects;
    private final RunPipeline pipeline;

    /**
     * A runner over an effect table.
     *
     * @param effects the effect table (the server's: {@code EffectTable.of(...).effects()})
     * @param limits  decode budget and largest input file, as the server's settings give them
     */
    public DirectRun(Effects effects, DecodeLimits limits) {
        this.effects = effects;
        // one run at a time in this process: the budget only refuses what this heap can never hold
        this.pipeline = new RunPipeline(limits, new MemoryBudget(MemoryBudget.ofHeap()));
    }

    /** Encoded inputs by role, as read from files. */
    public record Inputs(List<byte[]> sources, List<byte[]> refs, List<byte[]> masks) {
        public static Inputs sources(List<byte[]> sources) {
            return new Inputs(sources, List.of(), List.of());
        }
    }

    /** One encoded output image. */
    public record Encoded(byte[] bytes, String extension, String mimeType, int width, int height,
            Map<String, Object> extras) {}

    /** What the run produced and how (engine, timings). */
    public record Result(List<Encoded> outputs, Map<String, Object> metadata) {}

    /** The effects on offer. */
    public List<Effect> effects() {
        return effects.all();
    }

    /**
     * An effect by feature id, legacy slug or v2 path ({@code enhance}, {@code colorize/color-correct}).
     *
     * @throws Refusal {@code InvalidParameters} naming the features there are
     */
    public Effect effect(String name) {
        return effects.byFeature(name)
                .or(() -> effects.byLegacySlug(name))
                .or(() -> effects.byV2Path("v2.0/task/" + name))
                .orElseThrow(() -> Refusal.invalid("Unknown effect '" + name + "'. Effects: "
                        + effects.all().stream().map(e -> e.spec().feature()).sorted().toList()));
    }

    /**
     * Checks the request as a submit would, then runs the effect through the same {@link RunPipeline} as a worker.
     *
     * @param outputFormat {@code jpg}, {@code png} or {@code webp}; null for the effect's default
     * @throws Refusal     for an unavailable engine, a bad parameter, format or input count
     * @throws EngineException  for an input the effect cannot take (size, decoding) or an engine failure
     */
    public Result run(Effect effect, Inputs inputs, Map<String, Object> params, String outputFormat,
            Progress progress) {
        RunPipeline.Checked c = RunPipeline.check(effect, params, outputFormat, RunPipeline.Caller.LOCAL);
        InputSpec in = effect.spec().input();
        count("source", in.sources(), inputs.sources());
        count("reference", in.refs(), inputs.refs());
        count("mask", in.masks(), inputs.masks());

        long start = System.nanoTime();
        try {
            RunPipeline.Result out = pipeline.run(c, inputs.sources(), inputs.refs(), inputs.masks(),
                    (bytes, mask) -> bytes, progress, RunPipeline.Checkpoint.NONE);
            List<Encoded> encoded = new ArrayList<>();
            for (RunPipeline.Encoded e : out.outputs()) {
                encoded.add(new Encoded(e.bytes(), e.format().extension(), e.format().mimeType(), e.width(),
                        e.height(), e.extras()));
            }
            Map<String, Object> metadata = new LinkedHashMap<>(out.metadata());
            metadata.put("run_ms", (System.nanoTime() - start) / 1_000_000);
            progress.report(1.0, "done");
            return new Result(encoded, metadata);
        } catch (ImagingException e) {
            throw RunPipeline.codeOf(e).exception(e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // bytes in memory: nothing to read
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** What a local video run wrote, and how. */
    public record VideoResult(VideoEffect.VideoOutput output, Map<String, Object> metadata) {}

    /**
     * Checks the request as a submit would, then streams {@code input} into {@code output} through a video effect
     * as a worker would (the header checks and error codes are the effect's).
     *
     * @param outputFormat {@code mp4} or {@code mov}; null for the effect's default
     */
    public VideoResult runVideo(VideoEffect effect, Path input, Path output, Map<String, Object> params,
            String outputFormat, Progress progress) {
        Checked c = check(effect, params, outputFormat);
        try {
            if (Files.size(input) > effect.maxInputBytes()) {
                throw EngineCode.EXCEED_MAX_FILESIZE.exception("the video is " + Files.size(input)
                        + " bytes; the limit is " + effect.maxInputBytes() + " (ATELIER_VIDEO_MAX_BYTES)");
            }
        } catch (java.io.IOException e) {
            throw EngineCode.ERROR_DOWNLOAD_VIDEO.exception("cannot read " + input + ": " + e.getMessage());
        }
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        VideoEffect.VideoOutput out = effect.runVideo(input, output, c.params(), c.outputFormat(), progress);
        Map<String, Object> metadata = new LinkedHashMap<>(out.metadata());
        metadata.put("run_ms", (System.nanoTime() - start) / 1_000_000);
        // CPU time of this (local, one-run) process during the run, all threads and native code included: what a
        // loaded machine does not inflate the way it inflates wall time (bench/video/run.sh reads it).
        metadata.put("process_cpu_ms", (processCpuNanos() - cpu) / 1_000_000);
        progress.report(1.0, "done");
        return new VideoResult(out, metadata);
    }

    /**
     * The request with its parameters normalised and its output format resolved.
     *
     * @param params       what {@link Effect#validateParams} returned
     * @param outputFormat {@code jpg}, {@code png} or {@code webp}
     */
    public record Checked(Map<String, Object> params, String outputFormat) {}

    /**
     * What a submit checks before any input is read ({@link RunPipeline#check}): the engine is installed, the
     * parameters and the output format are valid. Lets a batch refuse a bad command line once instead of once per
     * file.
     *
     * @throws Refusal {@code FeatureUnavailable} or {@code InvalidParameters}
     */
    public Checked check(Effect effect, Map<String, Object> params, String outputFormat) {
        RunPipeline.Checked c = RunPipeline.check(effect, params, outputFormat, RunPipeline.Caller.LOCAL);
        return new Checked(c.params(), c.format().wire());
    }

    private static void count(String role, InputSpec.Range range, List<byte[]> given) {
        if (!range.contains(given.size())) {
            throw Refusal.invalid(range.max() == 0 ? "this effect takes no " + role + " images"
                    : "this effect takes " + range + " " + role + " image(s), got " + given.size());
        }
    }
}
