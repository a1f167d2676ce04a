/**
 * Verifying webhook deliveries signed per Standard Webhooks (CONTRACTS C, the HMAC variant YouCam and Atelier use):
 * {@link dev.atelier.client.webhooks.Webhooks#verify} checks the {@code v1} HMAC-SHA256 signature of
 * {@code webhook-id.webhook-timestamp.body} under a {@code whsec_} secret, in constant time, and refuses timestamps
 * more than five minutes away, so a captured delivery cannot be replayed later.
 */
package dev.atelier.client.webhooks;
