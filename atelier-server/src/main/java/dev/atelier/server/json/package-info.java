/**
 * The JSON mappers every package shares: {@link dev.atelier.server.json.Json#MAPPER} writes the wire (fields in
 * declaration order, as the contract shows them) and {@code Json.canonical} writes sorted, stable JSON for hashing a
 * request, which is how a retried request id is told from a changed one. One mapper means one set of rules for
 * dates, nulls and unknown fields across the API, the store and the webhooks.
 */
package dev.atelier.server.json;
