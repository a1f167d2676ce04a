package dev.atelier.server.effects;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.Progress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A public feature: its table row, its parameter rules, and how it turns decoded inputs into output images by
 * calling capabilities. Adding a feature means adding one implementation and registering it in {@link Effects}.
 */
public interface Effect {
    EffectSpec spec();

    /** Whether the engines this effect needs can run; checked at submit time. */
    Availability availability();

    /**
     * Checks and normalises the feature parameters at submit time; throws
     * {@link dev.atelier.server.errors.Refusal} ({@code InvalidParameters}) naming the bad one.
     */
    Map<String, Object> validateParams(Map<String, Object> params);

    /**
     * The parameters {@link #validateParams} accepts, described for clients (the features listing and the
     * playground render forms from them). Empty for features without parameters.
     */
    default List<ParamSpec> parameters() {
        return List.of();
    }

    /**
     * Every field name {@link #validateParams} reads: the described {@link #parameters()}, plus any an effect keeps
     * only for wire compatibility and does not offer in forms. A v2 request naming any other field is refused, so a
     * misspelled field ({@code mask_file_id}) is never silently ignored.
     */
    default Set<String> fieldNames() {
        return parameters().stream().map(ParamSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The engines this effect calls, so a listing can say which engine unlocks which feature. */
    default List<Engine> engines() {
        return List.of();
    }

    /** The paths clients call this feature on, for listings; by default its YouCam V2 paths. */
    default List<String> paths() {
        return spec().v2Paths().stream().map(p -> "/s2s/" + p).toList();
    }

    /** The JPEG/WebP encoder quality (1..100) for a task with these validated parameters. */
    default int outputQuality(Map<String, Object> params) {
        return DEFAULT_OUTPUT_QUALITY;
    }

    /**
     * How the price counts: {@code unit} is what {@link EffectSpec#unitCost()} is paid per ({@code result_image}
     * or {@code second} of video), {@code maxQuantity} the most of them one task can use (what is reserved at
     * submit; the task result's {@code billed_<unit>s} metadata says how many are charged on success).
     */
    record Metering(String unit, int maxQuantity) {
        public static final Metering PER_RESULT = new Metering("result_image", 1);
    }

    default Metering metering() {
        return Metering.PER_RESULT;
    }

    /** The quality every output is encoded at unless an effect says otherwise. */
    int DEFAULT_OUTPUT_QUALITY = 92;

    /**
     * Checks what the inputs' headers say, before anything is decoded, against limits of this effect's own (an
     * output size cap); throws {@link dev.atelier.engines.EngineException} ({@code error_exceed_max_image_size}).
     */
    default void checkProbed(ProbedInputs inputs, Map<String, Object> params) {
    }

    /** How many times its decoded inputs an effect's peak heap is unless it {@linkplain #workingMemory says}. */
    int DEFAULT_MEMORY_FACTOR = 3;
    /** The least any run claims: the effect's own tables, models' pre-processing, encoding. */
    long MIN_WORKING_MEMORY = 16L << 20;

    /**
     * The heap this run needs at its peak, estimated from the headers (decoded inputs, working copies, outputs and
     * their encoding), which the node's memory budget admits before decoding. By default {@value
     * #DEFAULT_MEMORY_FACTOR} times the decoded inputs (input, output and one working copy); effects that know better
     * say so.
     */
    default long workingMemory(ProbedInputs inputs, Map<String, Object> params) {
        return Math.max(MIN_WORKING_MEMORY, DEFAULT_MEMORY_FACTOR * inputs.decodedBytes());
    }

    /**
     * Runs on a worker with inputs already decoded and checked against {@link EffectSpec#input()}. The decoded
     * inputs belong to this run: nothing reads them afterwards, so an effect may write into them.
     */
    EffectOutput run(EffectInput input, Progress progress);
}
