package dev.atelier.engines.generation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a generator produced and what it cost.
 *
 * @param images the pictures, in upstream order, at least one
 * @param seed the seed the upstream reports having used (or the requested one), else {@code null}
 * @param model the public model name that served the request
 * @param provider the provider name that served it, e.g. {@code openai}
 * @param engineId the engine id, e.g. {@code remote:openai}
 * @param timings wall time and upstream inference time
 * @param cost cost in US dollars from the provider's price table (or the upstream's own figure when the table has
 *     no entry); {@code null} when unknown
 * @param usage upstream token usage when reported, else {@code null}
 * @param attempts every routing attempt for this request, failed ones first and the serving one last; empty when the
 *     engine was called directly
 * @param details how a local engine made the images (native size, steps, scheduler, guidance, per-stage
 *     milliseconds...), copied into the task's result metadata; empty for upstream providers
 */
public record GenerationResult(
        List<GeneratedImage> images,
        Long seed,
        String model,
        String provider,
        String engineId,
        Timings timings,
        BigDecimal cost,
        TokenUsage usage,
        List<Attempt> attempts,
        java.util.Map<String, Object> details) {

    public GenerationResult {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a generation result needs at least one image");
        }
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(timings, "timings");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        details = details == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** A result without engine details (upstream providers). */
    public GenerationResult(List<GeneratedImage> images, Long seed, String model, String provider, String engineId,
            Timings timings, BigDecimal cost, TokenUsage usage, List<Attempt> attempts) {
        this(images, seed, model, provider, engineId, timings, cost, usage, attempts, null);
    }

    /** The same result with the routing attempts that led to it. */
    public GenerationResult withAttempts(List<Attempt> routed) {
        return new GenerationResult(images, seed, model, provider, engineId, timings, cost, usage, routed, details);
    }

    /** The attempts that failed before the serving one. */
    public List<Attempt> failedAttempts() {
        return attempts.stream().filter(a -> a.outcome() == Attempt.Outcome.FAILED).toList();
    }
}
