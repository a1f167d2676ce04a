package dev.atelier.engines.remote;

import java.util.Arrays;
import java.util.Locale;

/** The wire formats Atelier speaks; the value of {@code ATELIER_PROVIDER_<NAME>_TYPE}. */
public enum ProviderType {
    OPENAI("openai", "https://api.openai.com/v1", true),
    OPENAI_COMPATIBLE("openai-compatible", null, false),
    STABILITY("stability", "https://api.stability.ai", true),
    BFL("bfl", "https://api.bfl.ai", true),
    REPLICATE("replicate", "https://api.replicate.com", true),
    FAL("fal", "https://queue.fal.run", true);

    private final String wireName;
    private final String defaultBaseUrl;
    private final boolean keyRequired;

    ProviderType(String wireName, String defaultBaseUrl, boolean keyRequired) {
        this.wireName = wireName;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyRequired = keyRequired;
    }

    public String wireName() {
        return wireName;
    }

    /** The public endpoint, or {@code null} when the operator must give one (generic OpenAI-compatible servers). */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** Whether the provider refuses calls without an API key (a LocalAI server usually needs none). */
    public boolean keyRequired() {
        return keyRequired;
    }

    public static ProviderType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(v -> v.wireName.equals(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown provider type '" + text + "'; expected one of "
                        + Arrays.stream(values()).map(ProviderType::wireName).toList()));
    }
}
