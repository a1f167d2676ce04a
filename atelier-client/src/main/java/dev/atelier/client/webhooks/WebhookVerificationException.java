package dev.atelier.client.webhooks;

/** A delivery that must not be trusted, with the reason as a value. Answer such a request with 400 or 401. */
public final class WebhookVerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a delivery was refused. */
    public enum Reason {
        /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent. */
        MISSING_HEADER,
        /** {@code webhook-timestamp} is not an integer number of seconds. */
        MALFORMED_TIMESTAMP,
        /** The timestamp is further in the past than the tolerance (a replay, or a very late retry). */
        TIMESTAMP_TOO_OLD,
        /** The timestamp is further in the future than the tolerance. */
        TIMESTAMP_TOO_NEW,
        /** No {@code v1} signature matches: a changed body, another secret, or a forgery. */
        SIGNATURE_MISMATCH,
        /** The secret is not {@code whsec_} followed by Base64. */
        INVALID_SECRET
    }

    private final Reason reason;

    WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the delivery was refused. */
    public Reason reason() {
        return reason;
    }
}
