package dev.atelier.engines.generation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A generator failed; the {@link Code} says whose fault it is and whether trying another provider can help. Thrown
 * by every {@link ImageGeneration} engine for upstream failures and by routing when no provider could serve a
 * request (then {@link #attempts()} lists what was tried).
 */
public final class ProviderError extends RuntimeException {

    /** Why the call failed. */
    public enum Code {
        /** The request is wrong for this provider or model (a 4xx validation error). Never retried elsewhere. */
        INVALID_REQUEST(false),
        /** The prompt, an input or the output was refused by a moderation system. Never retried elsewhere. */
        CONTENT_POLICY(false),
        /** Atelier's credentials for the provider were refused (401/403): a configuration fault. */
        AUTH(true),
        /** Atelier's account at the provider is out of credits or quota (402, OpenAI {@code insufficient_quota}). */
        QUOTA_EXCEEDED(true),
        /** The provider throttled us (429); {@link #retryAfter()} says when it will accept calls again. */
        RATE_LIMITED(true),
        /** 5xx, timeouts, connection errors, malformed or oversized answers, polling that never finished. */
        UNAVAILABLE(true),
        /** No generator is configured for this request; the message names the settings to add. */
        NOT_CONFIGURED(false);

        private final boolean fallback;

        Code(boolean fallback) {
            this.fallback = fallback;
        }

        /** Whether another provider may be tried for the same request after this failure. */
        public boolean allowsFallback() {
            return fallback;
        }
    }

    private final Code code;
    private final String provider;
    private final int httpStatus;
    private final Duration retryAfter;
    private final String upstreamCode;
    private final String param;
    private final List<Attempt> attempts;

    private ProviderError(Builder b) {
        super(b.message, b.cause);
        this.code = Objects.requireNonNull(b.code);
        this.provider = b.provider;
        this.httpStatus = b.httpStatus;
        this.retryAfter = b.retryAfter;
        this.upstreamCode = b.upstreamCode;
        this.param = b.param;
        this.attempts = List.copyOf(b.attempts);
    }

    public static Builder builder(Code code, String message) {
        return new Builder(code, message);
    }

    public static ProviderError of(Code code, String provider, String message) {
        return builder(code, message).provider(provider).build();
    }

    public Code code() {
        return code;
    }

    /** The provider that failed, or {@code null} for routing-level errors. */
    public String provider() {
        return provider;
    }

    /** The upstream HTTP status, or 0 when there was no HTTP answer (timeout, connection error, polling). */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the upstream asked us to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The upstream's own error code or type (e.g. {@code content_policy_violation}), when it gave one. */
    public String upstreamCode() {
        return upstreamCode;
    }

    /** The request field the upstream blamed, when it named one (e.g. {@code size}). */
    public String param() {
        return param;
    }

    /** The routing attempts that preceded this error (empty when thrown by an engine directly). */
    public List<Attempt> attempts() {
        return attempts;
    }

    public Builder toBuilder() {
        Builder b = new Builder(code, getMessage()).provider(provider).httpStatus(httpStatus)
                .retryAfter(retryAfter).upstreamCode(upstreamCode).param(param).cause(getCause());
        b.attempts = attempts;
        return b;
    }

    /** Fluent construction of a {@link ProviderError}. */
    public static final class Builder {
        private Code code;
        private final String message;
        private String provider;
        private int httpStatus;
        private Duration retryAfter;
        private String upstreamCode;
        private String param;
        private Throwable cause;
        private List<Attempt> attempts = List.of();

        private Builder(Code code, String message) {
            this.code = code;
            this.message = message;
        }

        public Builder code(Code v) { code = java.util.Objects.requireNonNull(v); return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder httpStatus(int v) { httpStatus = v; return this; }
        public Builder retryAfter(Duration v) { retryAfter = v; return this; }
        public Builder upstreamCode(String v) { upstreamCode = v; return this; }
        public Builder param(String v) { param = v; return this; }
        public Builder cause(Throwable v) { cause = v; return this; }
        public Builder attempts(List<Attempt> v) { attempts = List.copyOf(v); return this; }

        public ProviderError build() {
            return new ProviderError(this);
        }
    }
}
