package dev.atelier.server.effects;

/** How a v2 status lists results (CONTRACTS A.5). */
public enum ResultShape {
    /** {@code results: {url}}: one output image. */
    SINGLE_URL,
    /** {@code results: {output: [{url}, ...]}}: several outputs (colorize, color correction). */
    OUTPUT_LIST
}
