package dev.atelier.server.tasks;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImageInfo;
import dev.atelier.imaging.ImagingError;
import dev.atelier.imaging.ImagingException;
import dev.atelier.imaging.NativeCodecs;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.OutputFormat;
import dev.atelier.server.effects.ProbedInputs;
import dev.atelier.server.memory.MemoryBudget;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One effect run as named steps — {@linkplain Step#CHECK_REQUEST check the request}, {@linkplain Step#DECODE_INPUTS
 * decode the inputs}, {@linkplain Step#CHECK_MASKS check the masks}, {@linkplain Step#RUN run the effect},
 * {@linkplain Step#ENCODE encode the outputs} — shared by the worker ({@link TaskRunner}), {@code atelier run}
 * ({@link DirectRun}) and the submit-time checks ({@link TaskService}), so the three cannot drift apart. Where the
 * bytes come from and where the results go stay with the caller; a {@link Checkpoint} runs between steps, which is
 * where a worker stops a task that ran out of time or expired.
 */
public final class RunPipeline {
    /** The steps, in order. */
    public enum Step { CHECK_REQUEST, DECODE_INPUTS, CHECK_MASKS, RUN, ENCODE }

    /** Called before each step after the request check; throws to stop the run. */
    @FunctionalInterface
    public interface Checkpoint {
        Checkpoint NONE = step -> { };

        void before(Step step);
    }

    /** Reads the bytes behind one input reference; {@code mask} picks the download error code. */
    @FunctionalInterface
    public interface Loader<R> {
        byte[] load(R ref, boolean mask) throws IOException;
    }

    /** Who asks: the words of a refusal differ between the HTTP API and the command line. */
    public enum Caller { SUBMIT, LOCAL }

    /** A request that passed {@link Step#CHECK_REQUEST}: normalised parameters, the format and quality to encode at. */
    public record Checked(Effect effect, Map<String, Object> params, OutputFormat format, int quality) {}

    /** One encoded output. */
    public record Encoded(byte[] bytes, ImageFormat format, int width, int height, Map<String, Object> extras) {}

    /** The encoded outputs and the effect's metadata. */
    public record Result(List<Encoded> outputs, Map<String, Object> metadata) {}

    /** Turns checked bytes into a picture; tests count the calls. */
    @FunctionalInterface
    interface Decoder {
        Image decode(byte[] bytes, DecodeLimits limits);
    }

    private final DecodeLimits limits;
    private final MemoryBudget memory;
    private final Decoder decoder;

    /**
     * @param memory the node's heap budget: each run's estimated peak is admitted against it after the headers are
     *               read and before anything is decoded
     */
    public RunPipeline(DecodeLimits limits, MemoryBudget memory) {
        this(limits, memory, Codecs::decode);
    }

    RunPipeline(DecodeLimits limits, MemoryBudget memory, Decoder decoder) {
        this.limits = limits;
        this.memory = memory;
        this.decoder = decoder;
    }

    /**
     * {@link Step#CHECK_REQUEST}: the engine can run, the parameters are valid, the output format is offered.
     *
     * @param outputFormat the spelling asked for, or null for the effect's default
     * @throws Refusal {@code FeatureUnavailable} or {@code InvalidParameters}
     */
    public static Checked check(Effect effect, Map<String, Object> params, String outputFormat, Caller caller) {
        EffectSpec spec = effect.spec();
        Availability availability = effect.availability();
        if (!availability.isAvailable()) {
            throw new Refusal(RefusalCode.FEATURE_UNAVAILABLE, (caller == Caller.SUBMIT
                    ? "feature '" + spec.feature() + "' cannot run on this server: "
                    : "effect '" + spec.feature() + "' cannot run here: ") + availability.describe());
        }
        Map<String, Object> valid = effect.validateParams(params == null ? Map.of() : params);
        String asked = outputFormat == null ? spec.defaultOutputFormat() : outputFormat;
        OutputFormat format = OutputFormat.parse(asked).filter(f -> spec.outputFormats().contains(f.wire()))
                .orElseThrow(() -> Refusal.invalid((caller == Caller.SUBMIT ? "output_ext" : "the output format")
                        + " must be one of " + spec.outputFormats() + " for " + spec.feature()));
        if (format == OutputFormat.WEBP) {
            // Refused before anything runs: without libwebp the encode would fail after the work was done.
            NativeCodecs.Codec webp = NativeCodecs.webp();
            if (!webp.found()) {
                throw Refusal.invalid("WebP output needs " + webp.name() + ", which is not installed on this server "
                        + "(apt-get install " + webp.debianPackage() + "); ask for "
                        + spec.outputFormats().stream().filter(f -> !f.equals("webp")).toList() + " instead");
            }
        }
        return new Checked(effect, valid, format, effect.outputQuality(valid));
    }

    /** A request {@link #check} accepted when it was submitted, as stored: nothing is checked again. */
    static Checked checkedAtSubmit(Effect effect, Map<String, Object> params, String outputFormat) {
        OutputFormat format = OutputFormat.parse(outputFormat).orElse(OutputFormat.JPG);
        return new Checked(effect, params, format, effect.outputQuality(params));
    }

    /**
     * Steps {@link Step#DECODE_INPUTS} to {@link Step#ENCODE} for a checked request. The inputs' headers are read
     * first: the size rules, the effect's own {@linkplain Effect#checkProbed checks} and the memory budget's admission
     * (which may wait, calling the checkpoint about once a second) all come before the first decode.
     *
     * @param progress reports 0–0.1 while decoding, the effect's own progress in 0.1–0.9, then encoding
     */
    public <R> Result run(Checked checked, List<R> sources, List<R> refs, List<R> masks, Loader<R> loader,
            Progress progress, Checkpoint checkpoint) throws IOException {
        Effect effect = checked.effect();
        InputSpec spec = effect.spec().input();
        checkpoint.before(Step.DECODE_INPUTS);
        progress.report(0.0, "loading inputs");
        List<Probed> src = probeAll(sources, loader, spec, false);
        List<Probed> ref = probeAll(refs, loader, spec, false);
        List<Probed> mask = probeAll(masks, loader, spec, true);
        ProbedInputs probed = new ProbedInputs(infos(src), infos(ref), infos(mask));
        effect.checkProbed(probed, checked.params());
        long peak = effect.workingMemory(probed, checked.params());
        if (!memory.canEverFit(peak)) {
            throw EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception(effect.spec().feature() + " of "
                    + describe(probed) + " needs about " + (peak >> 20) + " MiB of working memory; this node has "
                    + (memory.total() >> 20) + " MiB (ATELIER_TASK_MEMORY, by default 75 % of the Java heap, which"
                    + " ATELIER_MEMORY_BUDGET sizes): use a smaller image, or give the server more memory");
        }
        if (memory.used() + peak > memory.total()) {
            progress.report(0.0, "waiting for memory");
        }
        try (MemoryBudget.Grant grant = memory.admit(peak, () -> checkpoint.before(Step.DECODE_INPUTS))) {
            List<Image> srcImages = decodeAll(src, spec);
            List<Image> refImages = decodeAll(ref, spec);
            List<Image> maskImages = decodeAll(mask, spec);
            checkpoint.before(Step.CHECK_MASKS);
            checkMasks(srcImages, maskImages);
            checkpoint.before(Step.RUN);
            EffectOutput out = effect.run(new EffectInput(srcImages, refImages, maskImages, checked.params()),
                    progress.slice(0.1, 0.9));
            checkpoint.before(Step.ENCODE);
            progress.report(0.9, "saving results");
            List<Encoded> encoded = new ArrayList<>();
            for (EffectOutput.Item item : out.items()) {
                Image img = item.image();
                encoded.add(new Encoded(encode(img, checked.format().codec(), checked.quality()),
                        checked.format().codec(), img.width(), img.height(), item.extras()));
            }
            return new Result(encoded, out.metadata());
        }
    }

    /** One input's bytes with what its header says (size rules already applied). */
    private record Probed(byte[] bytes, ImageInfo info, boolean mask) {}

    private <R> List<Probed> probeAll(List<R> refs, Loader<R> loader, InputSpec spec, boolean mask)
            throws IOException {
        List<Probed> probed = new ArrayList<>();
        for (R ref : refs) {
            byte[] bytes = loader.load(ref, mask);
            if (bytes.length > limits.maxBytes()) {
                throw EngineCode.EXCEED_MAX_FILESIZE.exception("the input is " + bytes.length
                        + " bytes; the limit is " + limits.maxBytes() + " (ATELIER_MAX_UPLOAD_BYTES)");
            }
            probed.add(new Probed(bytes, probe(bytes, spec, mask, limits), mask));
        }
        return probed;
    }

    private List<Image> decodeAll(List<Probed> inputs, InputSpec spec) {
        List<Image> images = new ArrayList<>();
        for (Probed p : inputs) {
            images.add(decodeProbed(p.bytes(), spec, p.mask(), limits, decoder));
        }
        return images;
    }

    private static List<ImageInfo> infos(List<Probed> probed) {
        return probed.stream().map(Probed::info).toList();
    }

    private static String describe(ProbedInputs probed) {
        ImageInfo first = probed.sources().isEmpty() ? null : probed.source();
        return first == null ? "these inputs" : "a " + first.width() + "x" + first.height() + " image";
    }

    /** {@link Step#CHECK_MASKS}: every mask has the source's size. */
    static void checkMasks(List<Image> sources, List<Image> masks) {
        for (Image m : masks) {
            Image src = sources.getFirst();
            if (m.width() != src.width() || m.height() != src.height()) {
                throw EngineCode.SIZE_MISMATCH_ON_INPUT_IMAGE_AND_MASK.exception("the mask is " + m.width() + "x"
                        + m.height() + " but the source is " + src.width() + "x" + src.height());
            }
        }
    }

    /** The header's size checked against the input spec and the decode budget (CONTRACTS D.7); nothing is decoded. */
    private static ImageInfo probe(byte[] bytes, InputSpec spec, boolean mask, DecodeLimits decodeLimits) {
        try {
            ImageInfo info = Codecs.probe(bytes);
            checkSize(info.width(), info.height(), spec);
            if (info.pixelCount() > decodeLimits.maxPixels()) {
                throw EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception("the image is " + info.width() + "x"
                        + info.height() + "; at most " + decodeLimits.maxPixels() + " pixels are decoded");
            }
            return info;
        } catch (ImagingException e) {
            throw imagingError(e, mask);
        }
    }

    private static Image decodeProbed(byte[] bytes, InputSpec spec, boolean mask, DecodeLimits decodeLimits,
            Decoder decoder) {
        try {
            Image image = decoder.decode(bytes, decodeLimits);
            checkSize(image.width(), image.height(), spec);
            return mask ? toMask(image) : image;
        } catch (ImagingException e) {
            throw imagingError(e, mask);
        }
    }

    private static RuntimeException imagingError(ImagingException e, boolean mask) {
        return switch (e.error()) {
            case TOO_MANY_PIXELS, TOO_MANY_BYTES -> EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception(e.getMessage());
            default -> (mask ? EngineCode.ERROR_DECODE_MASK : EngineCode.ERROR_DECODE_IMAGE).exception(e.getMessage());
        };
    }

    private static void checkSize(int width, int height, InputSpec spec) {
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        if (longSide > spec.maxLongSide()) {
            throw EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception("the image is " + width + "x" + height
                    + "; the long side may be at most " + spec.maxLongSide() + " px");
        }
        if (shortSide < spec.minShortSide()) {
            throw EngineCode.ERROR_BELOW_MIN_IMAGE_SIZE.exception("the image is " + width + "x" + height
                    + "; the short side must be at least " + spec.minShortSide() + " px");
        }
    }

    /** A greyscale mask from any decoded image: luma of the colour, times alpha when there is one. */
    private static Image toMask(Image image) {
        if (image.channels() == 1) {
            return image;
        }
        int n = image.width() * image.height();
        float[] out = new float[n];
        float[] r = image.plane(0);
        float[] g = image.plane(1);
        float[] b = image.plane(2);
        float[] a = image.hasAlpha() ? image.plane(3) : null;
        for (int i = 0; i < n; i++) {
            float y = 0.2126f * r[i] + 0.7152f * g[i] + 0.0722f * b[i];
            out[i] = a == null ? y : y * a[i];
        }
        return Image.wrap(image.width(), image.height(), out);
    }

    /** Encodes one output at {@code quality} (1..100; PNG ignores it); JPEG drops alpha. */
    static byte[] encode(Image img, ImageFormat format, int quality) {
        Image opaque = format == ImageFormat.JPEG && img.hasAlpha() ? img.withoutAlpha() : img;
        return Codecs.encode(opaque, format, quality);
    }

    /** An imaging failure outside the decode step (an encoder's refusal) as an engine code. */
    static EngineCode codeOf(ImagingException e) {
        return e.error() == ImagingError.TOO_MANY_PIXELS ? EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE
                : EngineCode.UNKNOWN_INTERNAL_ERROR;
    }
}
