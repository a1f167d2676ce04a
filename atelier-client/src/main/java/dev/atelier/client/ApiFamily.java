package dev.atelier.client;

/** The two YouCam wire families a client can speak (CONTRACTS A.0); Atelier serves both on every route. */
public enum ApiFamily {
    /** {@code /s2s/v1.0}: {@code request_id} + {@code payload} bodies, {@code result} envelopes. */
    LEGACY,
    /** {@code /s2s/v2.0}: flat bodies, {@code data} envelopes. */
    V2
}
