package dev.atelier.server.webhooks;

/** A new endpoint and its signing secret ({@code whsec_…}), which is shown this once. */
public record CreatedEndpoint(Endpoint endpoint, String secret) {}
