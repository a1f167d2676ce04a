package dev.atelier.engines.routing;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.engines.classical.ClassicalStylizer;
import dev.atelier.engines.generation.Attempt;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ModelInfo;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.Sleeper;
import dev.atelier.engines.remote.RemoteProviders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Serves image generation over every configured provider. For each request it picks candidates (an explicit
 * {@code provider} wins; else the model's entry in the routing map; else every available provider offering the model
 * and operation, best measured first), calls them in turn and falls back to the next on timeouts, 5xx, 429,
 * connection errors, rejected credentials and exhausted quota, but never on validation or content-policy errors.
 * A throttled provider is retried once after its {@code Retry-After} when that is within the bound. Each provider has
 * a circuit breaker; the result (or the final {@link ProviderError}) lists every attempt. Thread-safe.
 */
public final class GenerationRouter {
    private final List<ImageGeneration> engines;
    private final Map<String, ProviderHealth> health = new LinkedHashMap<>();
    private final RoutingSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    private GenerationRouter(Builder b) {
        this.engines = List.copyOf(b.engines);
        this.settings = b.settings;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        Set<String> seen = new HashSet<>();
        for (ImageGeneration e : engines) {
            String name = key(e.provider());
            if (!seen.add(name)) {
                throw new IllegalArgumentException("two generation engines share the provider name " + name);
            }
            health.put(name, new ProviderHealth(name, settings));
        }
    }

    /**
     * The router over every remote provider in the settings and the local classical style filters, with the routing
     * settings, on the system clock.
     */
    public static GenerationRouter fromSettings(Map<String, String> env) {
        return fromSettings(env, List.of());
    }

    /**
     * {@link #fromSettings(Map)} plus this machine's own generators (the {@code local} diffusion provider), routed
     * like the others: available when installed, chosen by name, ranked by measured speed.
     */
    public static GenerationRouter fromSettings(Map<String, String> env, List<? extends ImageGeneration> local) {
        return builder().engines(RemoteProviders.fromSettings(env)).engine(new ClassicalStylizer()).engines(local)
                .settings(RoutingSettings.from(env)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Text to image. */
    public GenerationResult generate(GenerationRequest request, Progress progress) {
        return route(GenerationOperation.TEXT_TO_IMAGE, request, e -> e.generate(request, progress));
    }

    /** Source image(s) plus text to image. */
    public GenerationResult transform(List<EncodedImage> sources, GenerationRequest request, Progress progress) {
        return route(GenerationOperation.IMAGE_TO_IMAGE, request, e -> e.transform(sources, request, progress));
    }

    /** Repaints where {@code mask} is white. */
    public GenerationResult edit(EncodedImage image, EncodedImage mask, GenerationRequest request,
            Progress progress) {
        return route(GenerationOperation.MASKED_EDIT, request, e -> e.edit(image, mask, request, progress));
    }

    /** Every engine the router knows, available or not. */
    public List<ImageGeneration> engines() {
        return engines;
    }

    /**
     * Available when at least one engine routing may pick unasked is (the classical filters alone are not a
     * generator); otherwise says which settings would make one available.
     */
    public Availability availability() {
        if (engines.stream().anyMatch(GenerationRouter::choosable)) {
            return Availability.AVAILABLE;
        }
        return Availability.missing("no image generation provider is configured", remedies(engines));
    }

    /**
     * Whether a request for {@code op} that names no model can be served: some available engine offers a default
     * model for it. Engines reached only by name (the classical style filters) do not count; without such an engine
     * the answer names the settings that would configure one.
     */
    public Availability availability(GenerationOperation op) {
        if (engines.stream().anyMatch(e -> e.availability().isAvailable() && e.supports(op, null))) {
            return Availability.AVAILABLE;
        }
        if (engines.stream().anyMatch(GenerationRouter::choosable)) {
            return Availability.missing("no configured provider offers a model for " + op.wireName(),
                    "configure a provider whose models include one for " + op.wireName());
        }
        return Availability.missing("no image generation provider is configured", remedies(engines));
    }

    /** An available engine that routing may pick without being asked for it by name. */
    private static boolean choosable(ImageGeneration e) {
        return e.availability().isAvailable()
                && EnumSet.allOf(GenerationOperation.class).stream().anyMatch(op -> e.supports(op, null));
    }

    /** The models available engines offer, each with its operations and providers ({@code *} entries omitted). */
    public List<RoutedModel> models() {
        Map<String, Set<GenerationOperation>> ops = new LinkedHashMap<>();
        Map<String, List<String>> providers = new LinkedHashMap<>();
        for (ImageGeneration e : engines) {
            if (!e.availability().isAvailable()) {
                continue;
            }
            for (ModelInfo m : e.models()) {
                if (m.name().equals(ModelInfo.ANY)) {
                    continue;
                }
                ops.computeIfAbsent(m.name(), k -> EnumSet.noneOf(GenerationOperation.class)).addAll(m.operations());
                providers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(e.provider());
            }
        }
        return ops.keySet().stream().map(n -> new RoutedModel(n, ops.get(n), providers.get(n))).toList();
    }

    /** What the router has measured per provider. */
    public List<ProviderStats> stats() {
        return health.values().stream().map(ProviderHealth::stats).toList();
    }

    /** One engine call for a chosen provider. */
    @FunctionalInterface
    private interface Invocation {
        GenerationResult call(ImageGeneration engine);
    }

    private GenerationResult route(GenerationOperation op, GenerationRequest request, Invocation invocation) {
        Deque<ImageGeneration> queue = new ArrayDeque<>(candidates(op, request));
        List<Attempt> attempts = new ArrayList<>();
        Set<String> retried = new HashSet<>();
        Set<String> deferred = new HashSet<>();
        List<String> skipped = new ArrayList<>();
        ProviderError last = null;
        Duration throttledFor = null; // the shortest wait of the providers skipped as throttled
        while (!queue.isEmpty() && attempts.size() < settings.maxAttempts()) {
            ImageGeneration engine = queue.removeFirst();
            String name = key(engine.provider());
            ProviderHealth h = health.get(name);
            Instant now = clock.instant();
            Instant throttledUntil = h.throttledUntil();
            if (throttledUntil != null && now.isBefore(throttledUntil)) {
                Duration wait = Duration.between(now, throttledUntil);
                if (!queue.isEmpty() && deferred.add(name)) {
                    queue.addLast(engine); // others first; come back to it if they fail too
                    continue;
                }
                if (wait.compareTo(settings.maxRetryAfterWait()) > 0) {
                    skipped.add(name + " (throttled for " + wait.toMillis() + " ms)");
                    throttledFor = throttledFor == null || wait.compareTo(throttledFor) < 0 ? wait : throttledFor;
                    continue;
                }
                if (!pause(wait)) {
                    break;
                }
            }
            if (!h.tryAcquire(clock.instant())) {
                skipped.add(name + " (circuit open)");
                continue;
            }
            Instant start = clock.instant();
            try {
                GenerationResult result = invocation.call(engine);
                Duration latency = Duration.between(start, clock.instant());
                h.recordSuccess(latency);
                attempts.add(Attempt.succeeded(engine.provider(), request.model(), latency));
                return result.withAttempts(attempts);
            } catch (RuntimeException e) {
                Duration latency = Duration.between(start, clock.instant());
                ProviderError error = asProviderError(engine, e);
                attempts.add(Attempt.failed(engine.provider(), request.model(), latency, error));
                if (Thread.currentThread().isInterrupted()) {
                    h.release();
                    throw error.toBuilder().attempts(attempts).build();
                }
                if (!error.code().allowsFallback()) {
                    if (error.code() == Code.NOT_CONFIGURED) {
                        h.release();
                    } else {
                        h.recordRefusal();
                    }
                    throw error.toBuilder().attempts(attempts).build();
                }
                h.recordFailure(clock.instant());
                last = error;
                if (error.code() == Code.RATE_LIMITED) {
                    Duration retryAfter = error.retryAfter().orElse(Duration.ofSeconds(1));
                    h.throttle(clock.instant().plus(retryAfter));
                    if (retryAfter.compareTo(settings.maxRetryAfterWait()) <= 0 && retried.add(name)) {
                        queue.addLast(engine);
                    }
                }
            }
        }
        if (last == null && throttledFor != null) {
            // Nobody was called: every candidate is still throttled. Say so, and when to come back.
            last = ProviderError.builder(Code.RATE_LIMITED, "throttled").retryAfter(throttledFor).build();
        }
        throw exhausted(attempts, skipped, last);
    }

    private boolean pause(Duration wait) {
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ProviderError asProviderError(ImageGeneration engine, RuntimeException e) {
        return switch (e) {
            case ProviderError pe -> pe;
            case IllegalArgumentException iae -> ProviderError.builder(Code.INVALID_REQUEST, iae.getMessage())
                    .provider(engine.provider()).cause(iae).build();
            // An engine bug or a local failure: another provider may well succeed.
            default -> ProviderError.builder(Code.UNAVAILABLE, engine.provider() + " failed: " + e)
                    .provider(engine.provider()).cause(e).build();
        };
    }

    private ProviderError exhausted(List<Attempt> attempts, List<String> skipped, ProviderError last) {
        String tried = attempts.stream().map(a -> a.provider() + ": " + a.message())
                .collect(Collectors.joining("; "));
        String message = attempts.isEmpty()
                ? "no provider could take the request: " + String.join(", ", skipped)
                : "no provider could serve the request (" + tried + ")"
                        + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped));
        return ProviderError.builder(last != null ? last.code() : Code.UNAVAILABLE, message)
                .provider(last != null ? last.provider() : null)
                .httpStatus(last != null ? last.httpStatus() : 0)
                .retryAfter(last != null ? last.retryAfter().orElse(null) : null)
                .upstreamCode(last != null ? last.upstreamCode() : null)
                .attempts(attempts)
                .cause(last)
                .build();
    }

    /** The providers to try, in order; fails when none can serve the request. */
    List<ImageGeneration> candidates(GenerationOperation op, GenerationRequest request) {
        String model = request.model();
        if (request.provider() != null && !request.provider().isBlank()) {
            String wanted = key(request.provider());
            ImageGeneration e = engines.stream()
                    .filter(x -> key(x.provider()).equals(wanted) || key(x.id()).equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> ProviderError.builder(Code.INVALID_REQUEST, "unknown provider '"
                                    + request.provider() + "'; configured providers: " + availableNames())
                            .param("provider").build());
            Availability a = e.availability();
            if (!a.isAvailable()) {
                throw ProviderError.builder(Code.NOT_CONFIGURED, "provider " + e.provider() + " is not available: "
                        + a.describe()).provider(e.provider()).param("provider").build();
            }
            if (!e.supports(op, model)) {
                throw ProviderError.builder(Code.INVALID_REQUEST, "provider " + e.provider() + " offers no model "
                                + (model == null ? "" : "'" + model + "' ") + "for " + op.wireName() + "; it offers "
                                + e.models().stream().filter(m -> m.supports(op)).map(ModelInfo::name).toList())
                        .provider(e.provider()).param("model").build();
            }
            return List.of(e);
        }
        List<ImageGeneration> offering = engines.stream().filter(e -> e.supports(op, model)).toList();
        List<ImageGeneration> available = offering.stream().filter(e -> e.availability().isAvailable()).toList();
        if (available.isEmpty()) {
            if (offering.isEmpty() && engines.stream().anyMatch(GenerationRouter::choosable)) {
                throw ProviderError.builder(Code.INVALID_REQUEST, "no configured provider offers "
                                + (model == null ? "a model" : "model '" + model + "'") + " for " + op.wireName())
                        .param("model").build();
            }
            List<ImageGeneration> hint = offering.isEmpty() ? engines : offering;
            throw ProviderError.builder(Code.NOT_CONFIGURED, "no image generation provider is configured"
                    + (model == null ? "" : " for model '" + model + "'") + "; " + remedies(hint)).build();
        }
        List<String> route = model == null ? null : settings.modelRoutes().get(model);
        if (route != null) {
            List<ImageGeneration> ordered = new ArrayList<>();
            for (String p : route) {
                available.stream().filter(e -> key(e.provider()).equals(p)).findFirst().ifPresent(ordered::add);
            }
            if (!ordered.isEmpty()) {
                return ordered;
            }
        }
        Comparator<ImageGeneration> byConfiguredOrder = Comparator.comparingInt(e -> {
            int i = settings.order().indexOf(key(e.provider()));
            return i < 0 ? Integer.MAX_VALUE : i;
        });
        List<ImageGeneration> unmeasured = available.stream().filter(e -> !health.get(key(e.provider())).measured())
                .sorted(byConfiguredOrder).toList();
        List<ImageGeneration> measured = available.stream().filter(e -> health.get(key(e.provider())).measured())
                .sorted(Comparator.comparingDouble((ImageGeneration e) -> health.get(key(e.provider())).expectedCost())
                        .thenComparing(byConfiguredOrder))
                .toList();
        // Providers never measured go first so that each gets measured; then the best expected time per success.
        List<ImageGeneration> ordered = new ArrayList<>(unmeasured);
        ordered.addAll(measured);
        Instant now = clock.instant();
        ordered.sort(Comparator.comparing(e -> health.get(key(e.provider())).isOpen(now))); // stable: open last
        return ordered;
    }

    private List<String> availableNames() {
        return engines.stream().filter(e -> e.availability().isAvailable()).map(ImageGeneration::provider).toList();
    }

    private static String remedies(List<ImageGeneration> engines) {
        List<String> r = engines.stream().map(ImageGeneration::availability)
                .filter(a -> a instanceof Availability.Missing)
                .map(a -> ((Availability.Missing) a).remedy())
                .distinct().toList();
        return r.isEmpty() ? "configure an image generation provider (ATELIER_PROVIDER_<NAME>_API_KEY)"
                : "to add one: " + String.join(", or ", r);
    }

    private static String key(String name) {
        return Objects.requireNonNull(name).toLowerCase(Locale.ROOT);
    }

    /** Fluent construction of a router. */
    public static final class Builder {
        private final List<ImageGeneration> engines = new ArrayList<>();
        private RoutingSettings settings = RoutingSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        public Builder engine(ImageGeneration e) {
            engines.add(Objects.requireNonNull(e));
            return this;
        }

        public Builder engines(List<? extends ImageGeneration> es) {
            es.forEach(this::engine);
            return this;
        }

        public Builder settings(RoutingSettings s) {
            settings = Objects.requireNonNull(s);
            return this;
        }

        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder sleeper(Sleeper s) {
            sleeper = Objects.requireNonNull(s);
            return this;
        }

        public GenerationRouter build() {
            return new GenerationRouter(this);
        }
    }
}
