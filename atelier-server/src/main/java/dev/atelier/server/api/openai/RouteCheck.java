package dev.atelier.server.api.openai;

import dev.atelier.engines.Availability;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.routing.GenerationRouter;
import java.util.List;

/** What the configured providers can serve, checked before an images request is queued. */
final class RouteCheck {
    private final GenerationRouter router;

    RouteCheck(GenerationRouter router) {
        this.router = router;
    }

    /**
     * Refuses, before queueing, what no configured provider can do: nothing configured (naming the settings), an
     * unknown provider, or a model not offered for the operation.
     */
    void check(GenerationOperation op, String model, String provider) {
        List<ImageGeneration> available = router.engines().stream().filter(e -> e.availability().isAvailable())
                .toList();
        if (provider != null) {
            ImageGeneration e = router.engines().stream()
                    .filter(x -> x.provider().equalsIgnoreCase(provider) || x.id().equalsIgnoreCase(provider))
                    .findFirst()
                    .orElseThrow(() -> OpenAiException.invalid("unknown provider '" + provider
                            + "'; configured providers: " + available.stream().map(ImageGeneration::provider).toList(),
                            "provider"));
            if (!e.availability().isAvailable()) {
                throw OpenAiError.FEATURE_UNAVAILABLE.with("provider " + e.provider() + " is not configured: "
                        + e.availability().describe(), "provider");
            }
            if (!e.supports(op, model)) {
                throw OpenAiException.invalid("provider " + e.provider() + " offers no model "
                        + (model == null ? "" : "'" + model + "' ") + "for " + op.wireName(), "model");
            }
            return;
        }
        if (available.stream().anyMatch(e -> e.supports(op, model))) {
            return;
        }
        Availability any = router.availability();
        if (!any.isAvailable()) {
            throw OpenAiError.FEATURE_UNAVAILABLE.with("image generation is not configured on this server: "
                    + any.describe() + " (docs/configuration.md, 'Image generation providers')", null);
        }
        throw OpenAiException.invalid((model == null ? "no configured model" : "model '" + model + "'")
                + " is offered here for " + op.wireName().replace('-', ' ') + "; GET /v1/models lists what is", "model");
    }
}
