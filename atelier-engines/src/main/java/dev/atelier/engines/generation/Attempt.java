package dev.atelier.engines.generation;

import java.time.Duration;

/**
 * One call routing made to one provider while serving a request.
 *
 * @param provider provider name, e.g. {@code openai}
 * @param model the model asked of it ({@code null} = its default)
 * @param outcome whether it served the request
 * @param latency time spent on this attempt
 * @param error the failure code when it failed, else {@code null}
 * @param message the failure in words when it failed, else {@code null}
 */
public record Attempt(String provider, String model, Outcome outcome, Duration latency, ProviderError.Code error,
        String message) {

    /** Whether the attempt produced the result. */
    public enum Outcome {
        SUCCEEDED,
        FAILED
    }

    public static Attempt succeeded(String provider, String model, Duration latency) {
        return new Attempt(provider, model, Outcome.SUCCEEDED, latency, null, null);
    }

    public static Attempt failed(String provider, String model, Duration latency, ProviderError error) {
        return new Attempt(provider, model, Outcome.FAILED, latency, error.code(), error.getMessage());
    }
}
