package dev.atelier.engines.onnx;

import java.net.URI;
import dev.atelier.engines.config.SettingValues;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which models run on a KServe/Triton server (Open Inference Protocol, v2 REST) instead of local ONNX Runtime.
 *
 * @param baseUrl the server, e.g. {@code http://triton:8000}; env {@code ATELIER_INFERENCE_URL}; {@code null} when no
 *     model runs remotely
 * @param models registry model id to the server's model name; env {@code ATELIER_INFERENCE_MODELS}, a comma list of
 *     {@code id} or {@code id=remote-name}
 * @param token sent as {@code Authorization: Bearer}; env {@code ATELIER_INFERENCE_TOKEN}, empty for none
 * @param timeout one request's timeout (connect and whole response); env {@code ATELIER_INFERENCE_TIMEOUT} in seconds,
 *     default 120
 */
public record RemoteInferenceSettings(URI baseUrl, Map<String, String> models, String token, Duration timeout) {

    public RemoteInferenceSettings {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        token = token == null ? "" : token;
        if (!models.isEmpty() && baseUrl == null) {
            throw new IllegalArgumentException("ATELIER_INFERENCE_MODELS needs ATELIER_INFERENCE_URL (the KServe/Triton server)");
        }
        if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("ATELIER_INFERENCE_URL must be an http(s) URL, got '" + baseUrl + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ATELIER_INFERENCE_TIMEOUT must be positive");
        }
    }

    public static RemoteInferenceSettings none() {
        return new RemoteInferenceSettings(null, Map.of(), "", Duration.ofSeconds(120));
    }

    public static RemoteInferenceSettings fromEnvironment(Map<String, String> env) {
        String url = env.getOrDefault("ATELIER_INFERENCE_URL", "").strip();
        Map<String, String> models = new LinkedHashMap<>();
        for (String entry : env.getOrDefault("ATELIER_INFERENCE_MODELS", "").split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String id = eq < 0 ? e : e.substring(0, eq).strip();
            String remote = eq < 0 ? e : e.substring(eq + 1).strip();
            if (id.isEmpty() || remote.isEmpty()) {
                throw new IllegalArgumentException("ATELIER_INFERENCE_MODELS entries are id or id=remote-name, got '" + e + "'");
            }
            models.put(id, remote);
        }
        // Whole seconds before durations were one syntax: a bare number still means seconds.
        Duration timeout = SettingValues.of(env).duration("ATELIER_INFERENCE_TIMEOUT", Duration.ofSeconds(120));
        URI base = url.isEmpty() ? null : URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        return new RemoteInferenceSettings(base, models, env.getOrDefault("ATELIER_INFERENCE_TOKEN", "").strip(),
                timeout);
    }

    /** The server's name for a model that runs remotely. */
    public Optional<String> remoteName(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    @Override
    public String toString() {
        // never print the token
        return "RemoteInferenceSettings[" + baseUrl + ", " + models + ", timeout " + timeout + "]";
    }
}
