package dev.atelier.server.tasks;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.EngineError;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.VideoEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One effect run in this process on image bytes, with the same effect table, parameter rules, input checks, engines
 * and encoders as a worker, but without HTTP, a database, stored files or polling: what {@code atelier run} does
 * when no server is named. Request problems throw {@link ApiException} (as a submit would answer), engine and input
 * problems {@link EngineException} with the engine code (as the task would end).
 */
public final class DirectRun {
    private final Effects effects;
    private final DecodeLimits limits;

    /**
     * A runner over an effect table.
     *
     * @param effects the effect table (the server's: {@code new Effects(AtelierServer.standardEffects())})
     * @param limits  decode budget and largest input file, as the server's settings give them
     */
    public DirectRun(Effects effects, DecodeLimits limits) {
        this.effects = effects;
        this.limits = limits;
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
     * @throws ApiException {@code InvalidParameters} naming the features there are
     */
    public Effect effect(String name) {
        return effects.byFeature(name)
                .or(() -> effects.byLegacySlug(name))
                .or(() -> effects.byV2Path("v2.0/task/" + name))
                .orElseThrow(() -> ApiException.invalid("Unknown effect '" + name + "'. Effects: "
                        + effects.all().stream().map(e -> e.spec().feature()).sorted().toList()));
    }

    /**
     * Checks the request as a submit would, then runs the effect as a worker would.
     *
     * @param outputFormat {@code jpg}, {@code png} or {@code webp}; null for the effect's default
     * @throws ApiException     for an unavailable engine, a bad parameter, format or input count
     * @throws EngineException  for an input the effect cannot take (size, decoding) or an engine failure
     */
    public Result run(Effect effect, Inputs inputs, Map<String, Object> params, String outputFormat,
            Progress progress) {
        Checked c = check(effect, params, outputFormat);
        Map<String, Object> valid = c.params();
        String format = c.outputFormat();
        InputSpec in = effect.spec().input();
        count("source", in.sources(), inputs.sources());
        count("reference", in.refs(), inputs.refs());
        count("mask", in.masks(), inputs.masks());

        long start = System.nanoTime();
        progress.report(0.0, "loading inputs");
        try {
            List<Image> sources = decodeAll(inputs.sources(), in, false);
            List<Image> refs = decodeAll(inputs.refs(), in, false);
            List<Image> masks = decodeAll(inputs.masks(), in, true);
            for (Image m : masks) {
                Image src = sources.getFirst();
                if (m.width() != src.width() || m.height() != src.height()) {
                    throw EngineError.SIZE_MISMATCH_ON_INPUT_IMAGE_AND_MASK.exception("the mask is " + m.width() + "x"
                            + m.height() + " but the source is " + src.width() + "x" + src.height());
                }
            }
            EffectOutput out = effect.run(new EffectInput(sources, refs, masks, valid), progress.slice(0.1, 0.9));
            progress.report(0.9, "saving results");
            ImageFormat codec = TaskRunner.imageFormat(format);
            List<Encoded> encoded = new ArrayList<>();
            for (EffectOutput.Item item : out.items()) {
                Image img = item.image();
                encoded.add(new Encoded(TaskRunner.encode(img, codec), codec.extension(), codec.mimeType(),
                        img.width(), img.height(), item.extras()));
            }
            Map<String, Object> metadata = new LinkedHashMap<>(out.metadata());
            metadata.put("run_ms", (System.nanoTime() - start) / 1_000_000);
            progress.report(1.0, "done");
            return new Result(encoded, metadata);
        } catch (ImagingException e) {
            throw (e.error() == ImagingError.TOO_MANY_PIXELS ? EngineError.ERROR_EXCEED_MAX_IMAGE_SIZE
                    : EngineError.UNKNOWN_INTERNAL_ERROR).exception(e.getMessage());
        }
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
                throw EngineError.EXCEED_MAX_FILESIZE.exception("the video is " + Files.size(input)
                        + " bytes; the limit is " + effect.maxInputBytes() + " (ATELIER_VIDEO_MAX_BYTES)");
            }
        } catch (java.io.IOException e) {
            throw EngineError.ERROR_DOWNLOAD_VIDEO.exception("cannot read " + input + ": " + e.getMessage());
        }
        long start = System.nanoTime();
        VideoEffect.VideoOutput out = effect.runVideo(input, output, c.params(), c.outputFormat(), progress);
        Map<String, Object> metadata = new LinkedHashMap<>(out.metadata());
        metadata.put("run_ms", (System.nanoTime() - start) / 1_000_000);
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
     * What a submit checks before any input is read: the engine is installed, the parameters and the output format
     * are valid. Lets a batch refuse a bad command line once instead of once per file.
     *
     * @throws ApiException {@code FeatureUnavailable} or {@code InvalidParameters}
     */
    public Checked check(Effect effect, Map<String, Object> params, String outputFormat) {
        EffectSpec spec = effect.spec();
        Availability availability = effect.availability();
        if (!availability.isAvailable()) {
            throw new ApiException(ErrorCode.FEATURE_UNAVAILABLE,
                    "effect '" + spec.feature() + "' cannot run here: " + availability.describe());
        }
        Map<String, Object> valid = effect.validateParams(params == null ? Map.of() : params);
        String format = outputFormat == null ? spec.defaultOutputFormat() : outputFormat.toLowerCase(Locale.ROOT);
        if (format.equals("jpeg")) {
            format = "jpg";
        }
        if (!spec.outputFormats().contains(format)) {
            throw ApiException.invalid("the output format must be one of " + spec.outputFormats() + " for "
                    + spec.feature());
        }
        return new Checked(valid, format);
    }

    private static void count(String role, InputSpec.Range range, List<byte[]> given) {
        if (!range.contains(given.size())) {
            throw ApiException.invalid(range.max() == 0 ? "this effect takes no " + role + " images"
                    : "this effect takes " + range + " " + role + " image(s), got " + given.size());
        }
    }

    private List<Image> decodeAll(List<byte[]> files, InputSpec spec, boolean mask) {
        List<Image> out = new ArrayList<>();
        for (byte[] bytes : files) {
            if (bytes.length > limits.maxBytes()) {
                throw EngineError.EXCEED_MAX_FILESIZE.exception("the input is " + bytes.length
                        + " bytes; the limit is " + limits.maxBytes() + " (ATELIER_MAX_UPLOAD_BYTES)");
            }
            out.add(TaskRunner.decode(bytes, spec, mask, limits));
        }
        return out;
    }
}
