package dev.atelier.server.effects.generate;

import dev.atelier.engines.remote.ProviderSettings;
import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.engines.routing.RoutingSettings;
import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image generation settings: the upstream providers ({@code ATELIER_PROVIDER_<NAME>_*}) and routing
 * ({@code ATELIER_ROUTING_*}) handed to the engines layer as they are, the models the YouCam generator effects ask
 * for, and the limits of the OpenAI-compatible API. Malformed provider or routing values fail at start-up with the
 * setting's name. {@link #toString()} never prints credentials.
 *
 * @param providerEnv           every {@code ATELIER_PROVIDER_*} and {@code ATELIER_ROUTING_*} value, by name
 * @param v1Model               model behind the V1 text-to-image effect (templates and legacy styles)
 * @param v2Model               model behind the V2 text-to-image and image-to-image effects
 * @param openAiUrlTtl          lifetime of the signed URLs {@code response_format=url} returns (OpenAI: 60 min)
 * @param openAiWaitTimeout     how long an OpenAI-compatible request waits for its task before answering 504
 * @param openAiMaxRequestBytes largest OpenAI-compatible request body (multipart or JSON with data URLs)
 * @param templateThumbUrl      preview URL pattern of the prompt templates, {@code {id}} standing for the template
 */
public record GenerationSettings(
        Map<String, String> providerEnv,
        Optional<String> v1Model,
        Optional<String> v2Model,
        Duration openAiUrlTtl,
        Duration openAiWaitTimeout,
        long openAiMaxRequestBytes,
        Optional<String> templateThumbUrl) {

    /** Routing settings, each read by name so that the settings list and its documentation test see them. */
    static final List<String> ROUTING_NAMES = List.of("ATELIER_ROUTING_MODELS", "ATELIER_ROUTING_ORDER",
            "ATELIER_ROUTING_FAILURE_THRESHOLD", "ATELIER_ROUTING_COOLDOWN", "ATELIER_ROUTING_COOLDOWN_MS",
            "ATELIER_ROUTING_MAX_RETRY_AFTER", "ATELIER_ROUTING_MAX_RETRY_AFTER_MS",
            "ATELIER_ROUTING_EWMA_ALPHA", "ATELIER_ROUTING_MAX_ATTEMPTS");

    public GenerationSettings {
        providerEnv = Map.copyOf(providerEnv);
    }

    public static GenerationSettings from(SettingsSource s) {
        Map<String, String> env = new HashMap<>(s.withPrefix(ProviderSettings.PREFIX));
        for (String name : ROUTING_NAMES) {
            s.get(name).ifPresent(v -> env.put(name, v));
        }
        try {
            ProviderSettings.allFrom(env);
            RoutingSettings.from(env);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        GenerationSettings g = new GenerationSettings(env,
                s.get("ATELIER_GENERATOR_V1_MODEL"),
                s.get("ATELIER_GENERATOR_V2_MODEL"),
                s.duration("ATELIER_OPENAI_URL_TTL", Duration.ofMinutes(60)),
                s.duration("ATELIER_OPENAI_WAIT_TIMEOUT", Duration.ofMinutes(10)),
                s.bytes("ATELIER_OPENAI_MAX_REQUEST_BYTES", 64L << 20),
                s.get("ATELIER_GENERATOR_THUMB_URL"));
        if (g.templateThumbUrl.isPresent() && !g.templateThumbUrl.get().contains("{id}")) {
            throw new SettingsException("ATELIER_GENERATOR_THUMB_URL must contain {id}, e.g. "
                    + "https://cdn.example.com/thumbs/{id}.jpg");
        }
        if (g.openAiUrlTtl.isZero() || g.openAiWaitTimeout.isZero()) {
            throw new SettingsException("ATELIER_OPENAI_URL_TTL and ATELIER_OPENAI_WAIT_TIMEOUT must be positive");
        }
        if (g.openAiMaxRequestBytes < 1 << 20) {
            throw new SettingsException("ATELIER_OPENAI_MAX_REQUEST_BYTES must be at least 1MB, got "
                    + g.openAiMaxRequestBytes);
        }
        return g;
    }

    /** The router over every provider these settings describe. */
    public GenerationRouter router() {
        return GenerationRouter.fromSettings(providerEnv);
    }

    /** The router over these providers and this machine's own generators (the {@code local} diffusion bundles). */
    public GenerationRouter router(List<? extends dev.atelier.engines.generation.ImageGeneration> local) {
        return GenerationRouter.fromSettings(providerEnv, local);
    }

    @Override
    public String toString() {
        return "GenerationSettings[providers=" + ProviderSettings.allFrom(providerEnv) + ", v1Model=" + v1Model
                + ", v2Model=" + v2Model + ", openAiUrlTtl=" + openAiUrlTtl + ", openAiWaitTimeout="
                + openAiWaitTimeout + ", openAiMaxRequestBytes=" + openAiMaxRequestBytes + "]";
    }
}
