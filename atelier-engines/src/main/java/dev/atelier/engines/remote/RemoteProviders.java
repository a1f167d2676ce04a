package dev.atelier.engines.remote;

import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.Sleeper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Builds the remote {@link ImageGeneration} engines from settings. */
public final class RemoteProviders {
    private RemoteProviders() {}

    /**
     * One engine per provider the settings mention plus the built-in ones; providers without their key are
     * included and report {@code Availability.missing} naming the setting to add.
     */
    public static List<ImageGeneration> fromSettings(Map<String, String> env) {
        return ProviderSettings.allFrom(env).stream().map(RemoteProviders::create).toList();
    }

    /** The engine for one provider, on the system clock. */
    public static ImageGeneration create(ProviderSettings settings) {
        return create(settings, Clock.systemUTC(), Sleeper.system());
    }

    /** The engine for one provider; polling waits through {@code sleeper} and measures time on {@code clock}. */
    public static ImageGeneration create(ProviderSettings settings, Clock clock, Sleeper sleeper) {
        HttpClient client = Upstream.newClient(settings);
        return switch (settings.type()) {
            case OPENAI, OPENAI_COMPATIBLE -> new OpenAiImages(settings,
                    upstream(settings, client, clock, sleeper, b -> OpenAiImages.auth(settings, b)));
            case STABILITY -> new StabilityImages(settings,
                    upstream(settings, client, clock, sleeper, b -> bearer(settings, b)));
            case BFL -> new BflImages(settings, upstream(settings, client, clock, sleeper, b -> {
                if (settings.apiKey() != null) {
                    b.header("x-key", settings.apiKey());
                }
            }));
            case REPLICATE -> new ReplicateImages(settings,
                    upstream(settings, client, clock, sleeper, b -> bearer(settings, b)));
            case FAL -> new FalImages(settings, upstream(settings, client, clock, sleeper, b -> {
                if (settings.apiKey() != null) {
                    b.header("Authorization", "Key " + settings.apiKey());
                }
            }));
        };
    }

    private static void bearer(ProviderSettings s, HttpRequest.Builder b) {
        if (s.apiKey() != null) {
            b.header("Authorization", "Bearer " + s.apiKey());
        }
    }

    private static Upstream upstream(ProviderSettings s, HttpClient client, Clock clock, Sleeper sleeper,
            Consumer<HttpRequest.Builder> auth) {
        return new Upstream(s, client, clock, sleeper, auth);
    }
}
