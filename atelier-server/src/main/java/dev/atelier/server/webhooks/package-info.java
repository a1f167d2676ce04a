/**
 * Signed webhooks (CONTRACTS A.9, C, D.8): endpoints per key (at most 10, each with a {@code whsec_} secret shown
 * once), one delivery row per endpoint for every task that reaches success or error, sent by a
 * {@link dev.atelier.server.webhooks.WebhookDispatcher} with Standard Webhooks signatures, a timeout, exponential
 * backoff with jitter, {@code Retry-After} honoured and 410 disabling the endpoint. Targets pass the same
 * {@link dev.atelier.server.files.AddressGuard} as input downloads. {@link dev.atelier.server.webhooks.Webhooks} is
 * the service (also used by the CLI) over a {@link dev.atelier.server.webhooks.WebhookStore} (its rows),
 * {@code admin.WebhookAdminRoutes} the admin API.
 */
package dev.atelier.server.webhooks;
