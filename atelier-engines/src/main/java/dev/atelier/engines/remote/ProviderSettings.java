package dev.atelier.engines.remote;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One upstream provider's configuration, read from environment-style settings named
 * {@code ATELIER_PROVIDER_<NAME>_<SETTING>}:
 *
 * <ul>
 *   <li>{@code TYPE} — wire format: {@code openai}, {@code openai-compatible}, {@code stability}, {@code bfl},
 *       {@code replicate}, {@code fal}. Implied for the names OPENAI, APIPIE, STABILITY, BFL, REPLICATE, FAL.
 *   <li>{@code API_KEY} — the credential (required except for generic OpenAI-compatible servers).
 *   <li>{@code BASE_URL} — endpoint; defaults to the provider's public one (required for generic compatible servers).
 *   <li>{@code MODELS} — comma-separated {@code public[=upstream][#text+image+edit]}; defaults per type.
 *   <li>{@code PRICES} — US dollars per image, see {@link PriceTable}.
 *   <li>{@code CONNECT_TIMEOUT_MS} (10000), {@code TIMEOUT_MS} per HTTP call (120000), {@code MAX_WAIT_MS} for
 *       async polling (300000), {@code POLL_INTERVAL_MS} (1000), {@code MAX_DOWNLOAD_BYTES} per response or fetched
 *       image (67108864), {@code ENABLED} ({@code true}).
 *   <li>{@code MAX_PARALLEL} (4, 1..10) — for providers that make one image per call, how many calls one request
 *       with {@code n > 1} runs at once.
 * </ul>
 *
 * @param name lower-case provider name, e.g. {@code openai}; the engine id is {@code remote:<name>}
 * @param apiKey the credential or {@code null}; never printed by {@link #toString()}
 * @param baseUrl endpoint or {@code null} when missing
 */
public record ProviderSettings(
        String name,
        ProviderType type,
        URI baseUrl,
        String apiKey,
        boolean keyRequired,
        List<ProviderModel> models,
        PriceTable prices,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration maxWait,
        Duration pollInterval,
        long maxDownloadBytes,
        boolean enabled,
        int maxParallel) {

    public static final String PREFIX = "ATELIER_PROVIDER_";

    /** Setting suffixes, longest first so that {@code CONNECT_TIMEOUT_MS} is not read as {@code TIMEOUT_MS}. */
    static final List<String> SUFFIXES = List.of("CONNECT_TIMEOUT_MS", "MAX_DOWNLOAD_BYTES", "POLL_INTERVAL_MS",
                    "MAX_WAIT_MS", "TIMEOUT_MS", "BASE_URL", "API_KEY", "ENABLED", "MODELS", "PRICES", "TYPE",
                    "MAX_PARALLEL")
            .stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();

    private static final Map<String, String> DEFAULT_MODELS = Map.of(
            "openai", "dall-e-2,dall-e-3,gpt-image-1,gpt-image-1-mini,gpt-image-1.5",
            "openai-compatible", "*",
            "stability", "stable-image-core=core,stable-image-ultra=ultra,sd3.5-large,sd3.5-large-turbo,"
                    + "sd3.5-medium,sd3.5-flash,stable-image-inpaint=inpaint#edit",
            "bfl", "flux-pro-1.1,flux-pro-1.1-ultra,flux-dev,flux-kontext-pro,flux-kontext-max,"
                    + "flux-fill-pro=flux-pro-1.0-fill",
            "replicate", "flux-schnell=black-forest-labs/flux-schnell,flux-dev=black-forest-labs/flux-dev,"
                    + "flux-pro-1.1=black-forest-labs/flux-1.1-pro,flux-kontext-pro=black-forest-labs/flux-kontext-pro,"
                    + "flux-fill-pro=black-forest-labs/flux-fill-pro",
            "fal", "flux-schnell=fal-ai/flux/schnell,flux-dev=fal-ai/flux/dev,flux-pro-1.1=fal-ai/flux-pro/v1.1,"
                    + "flux-kontext-pro=fal-ai/flux-pro/kontext,flux-fill-pro=fal-ai/flux-pro/v1/fill");

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        models = List.copyOf(models);
        Objects.requireNonNull(prices, "prices");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    /** The settings key for one of this provider's settings, e.g. {@code ATELIER_PROVIDER_OPENAI_API_KEY}. */
    public String key(String suffix) {
        return key(name, suffix);
    }

    public static String key(String provider, String suffix) {
        return PREFIX + provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + suffix;
    }

    /** The well-known provider names that need no {@code TYPE} setting. */
    public static Set<String> builtInNames() {
        return new LinkedHashSet<>(List.of("openai", "stability", "bfl", "replicate", "fal"));
    }

    /**
     * Every provider the settings mention, plus the built-in ones (which then report a missing key), sorted by name
     * with the built-ins first.
     */
    public static List<ProviderSettings> allFrom(Map<String, String> env) {
        Set<String> names = builtInNames();
        java.util.SortedSet<String> discovered = new java.util.TreeSet<>();
        for (String k : env.keySet()) {
            if (!k.startsWith(PREFIX)) {
                continue;
            }
            String rest = k.substring(PREFIX.length());
            for (String suffix : SUFFIXES) {
                if (rest.endsWith("_" + suffix) && rest.length() > suffix.length() + 1) {
                    discovered.add(rest.substring(0, rest.length() - suffix.length() - 1).toLowerCase(Locale.ROOT));
                    break;
                }
            }
        }
        names.addAll(discovered);
        List<ProviderSettings> all = new ArrayList<>();
        for (String n : names) {
            all.add(from(n, env));
        }
        return all;
    }

    /** Reads one provider's settings; malformed values fail here with the setting's name. */
    public static ProviderSettings from(String provider, Map<String, String> env) {
        String name = provider.toLowerCase(Locale.ROOT);
        String typeText = get(env, name, "TYPE");
        ProviderType type;
        boolean keyRequired;
        String defaultBase;
        if (typeText != null) {
            type = ProviderType.parse(typeText);
        } else {
            type = switch (name) {
                case "openai" -> ProviderType.OPENAI;
                case "apipie" -> ProviderType.OPENAI_COMPATIBLE;
                case "stability" -> ProviderType.STABILITY;
                case "bfl" -> ProviderType.BFL;
                case "replicate" -> ProviderType.REPLICATE;
                case "fal" -> ProviderType.FAL;
                default -> throw new IllegalArgumentException("provider '" + name + "' needs " + key(name, "TYPE")
                        + " (openai, openai-compatible, stability, bfl, replicate or fal)");
            };
        }
        keyRequired = type.keyRequired() || name.equals("apipie");
        defaultBase = name.equals("apipie") && type == ProviderType.OPENAI_COMPATIBLE
                ? "https://apipie.ai/v1" : type.defaultBaseUrl();
        String base = Objects.requireNonNullElse(get(env, name, "BASE_URL"), Objects.requireNonNullElse(defaultBase, ""));
        URI baseUrl = null;
        if (!base.isBlank()) {
            baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
            if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException(key(name, "BASE_URL") + " must be an http(s) URL, got " + base);
            }
        }
        String modelsText = Objects.requireNonNullElse(get(env, name, "MODELS"), DEFAULT_MODELS.get(type.wireName()));
        List<ProviderModel> models = new ArrayList<>();
        for (String entry : modelsText.split(",")) {
            if (!entry.isBlank()) {
                models.add(ProviderModel.parse(entry, type));
            }
        }
        PriceTable prices;
        try {
            prices = PriceTable.parse(get(env, name, "PRICES"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key(name, "PRICES") + ": " + e.getMessage(), e);
        }
        return new ProviderSettings(name, type, baseUrl, get(env, name, "API_KEY"), keyRequired, models, prices,
                millis(env, name, "CONNECT_TIMEOUT_MS", 10_000),
                millis(env, name, "TIMEOUT_MS", 120_000),
                millis(env, name, "MAX_WAIT_MS", 300_000),
                millis(env, name, "POLL_INTERVAL_MS", 1_000),
                number(env, name, "MAX_DOWNLOAD_BYTES", 64L << 20),
                !"false".equalsIgnoreCase(Objects.requireNonNullElse(get(env, name, "ENABLED"), "true")),
                parallel(env, name));
    }

    private static int parallel(Map<String, String> env, String name) {
        long n = number(env, name, "MAX_PARALLEL", 4);
        if (n < 1 || n > 10) {
            throw new IllegalArgumentException(key(name, "MAX_PARALLEL") + " must be 1..10, got " + n);
        }
        return (int) n;
    }

    private static String get(Map<String, String> env, String name, String suffix) {
        String v = env.get(key(name, suffix));
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Duration millis(Map<String, String> env, String name, String suffix, long dflt) {
        return Duration.ofMillis(number(env, name, suffix, dflt));
    }

    private static long number(Map<String, String> env, String name, String suffix, long dflt) {
        String v = get(env, name, suffix);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key(name, suffix) + " must be a non-negative whole number, got " + v, e);
        }
    }

    /** A copy with another base URL (tests point providers at a fake upstream). */
    public ProviderSettings withBaseUrl(URI url) {
        return new ProviderSettings(name, type, url, apiKey, keyRequired, models, prices, connectTimeout,
                requestTimeout, maxWait, pollInterval, maxDownloadBytes, enabled, maxParallel);
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", " + type.wireName() + ", " + baseUrl + ", key="
                + (apiKey == null ? "none" : "set") + ", models=" + models.stream().map(ProviderModel::name).toList()
                + "]";
    }
}
