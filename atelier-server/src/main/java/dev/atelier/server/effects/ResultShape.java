package dev.atelier.server.effects;

/** How a v2 status lists results (CONTRACTS A.5). */
public enum ResultShape {
    /** {@code results: {url}}: one output image. */
    SINGLE_URL,
    /** {@code results: {output: [{url}, ...]}}: several outputs (colorize, color correction). */
    OUTPUT_LIST,
    /**
     * {@code results: {output: [{url, res_age}, ...], age, agd_idx, age_idx, age_min, age_max, num_of_photos}}: the
     * aging feature's {@code AgingResponseV2}; the summary fields come from the result metadata's {@code aging}.
     */
    AGING;

    /** The metadata key an {@link #AGING} summary is kept under. */
    public static final String AGING_SUMMARY = "aging";
}
