package dev.atelier.engines.routing;

import dev.atelier.engines.config.SettingValues;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the router chooses and protects providers, read from {@code ATELIER_ROUTING_*} settings:
 *
 * <ul>
 *   <li>{@code ATELIER_ROUTING_MODELS} — model → providers in preference order, e.g.
 *       {@code flux-schnell=fal|replicate,dall-e-3=openai|apipie}.
 *   <li>{@code ATELIER_ROUTING_ORDER} — tie-break order of providers not yet measured, e.g. {@code openai,fal}.
 *   <li>{@code ATELIER_ROUTING_FAILURE_THRESHOLD} (5) consecutive failures open a provider's circuit;
 *       {@code ATELIER_ROUTING_COOLDOWN_MS} (30000) later one trial call is let through.
 *   <li>{@code ATELIER_ROUTING_MAX_RETRY_AFTER_MS} (10000) — the longest {@code Retry-After} the router waits out
 *       before retrying a throttled provider; longer ones are not waited for.
 *   <li>{@code ATELIER_ROUTING_EWMA_ALPHA} (0.2) — weight of the newest sample in the latency and success averages.
 *   <li>{@code ATELIER_ROUTING_MAX_ATTEMPTS} (4) — calls one request may make in total.
 * </ul>
 */
public record RoutingSettings(
        Map<String, List<String>> modelRoutes,
        List<String> order,
        int failureThreshold,
        Duration cooldown,
        Duration maxRetryAfterWait,
        double ewmaAlpha,
        int maxAttempts) {

    public RoutingSettings {
        modelRoutes = Map.copyOf(modelRoutes);
        order = List.copyOf(order);
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("ATELIER_ROUTING_FAILURE_THRESHOLD must be at least 1");
        }
        if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) {
            throw new IllegalArgumentException("ATELIER_ROUTING_EWMA_ALPHA must be in (0, 1], got " + ewmaAlpha);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ATELIER_ROUTING_MAX_ATTEMPTS must be at least 1");
        }
    }

    public static RoutingSettings defaults() {
        return from(Map.of());
    }

    public static RoutingSettings from(Map<String, String> env) {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        String models = env.getOrDefault("ATELIER_ROUTING_MODELS", "");
        for (String entry : models.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("ATELIER_ROUTING_MODELS entries look like model=providerA|providerB,"
                        + " got '" + entry + "'");
            }
            routes.put(entry.substring(0, eq).trim(), names(entry.substring(eq + 1), "\\|"));
        }
        return new RoutingSettings(routes,
                names(env.getOrDefault("ATELIER_ROUTING_ORDER", ""), ","),
                (int) number(env, "ATELIER_ROUTING_FAILURE_THRESHOLD", 5),
                SettingValues.of(env).duration("ATELIER_ROUTING_COOLDOWN", "ATELIER_ROUTING_COOLDOWN_MS",
                        ChronoUnit.MILLIS, Duration.ofSeconds(30)),
                SettingValues.of(env).duration("ATELIER_ROUTING_MAX_RETRY_AFTER", "ATELIER_ROUTING_MAX_RETRY_AFTER_MS",
                        ChronoUnit.MILLIS, Duration.ofSeconds(10)),
                decimal(env, "ATELIER_ROUTING_EWMA_ALPHA", 0.2),
                (int) number(env, "ATELIER_ROUTING_MAX_ATTEMPTS", 4));
    }

    private static List<String> names(String text, String separator) {
        List<String> out = new ArrayList<>();
        Arrays.stream(text.split(separator)).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .forEach(out::add);
        return out;
    }

    private static long number(Map<String, String> env, String key, long dflt) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a non-negative whole number, got " + v, e);
        }
    }

    private static double decimal(Map<String, String> env, String key, double dflt) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got " + v, e);
        }
    }
}
