/**
 * What both YouCam wire families share: the envelopes ({@link dev.atelier.server.api.Envelope}) and the translation
 * of a domain refusal into YouCam's HTTP status and {@code error_code} ({@link dev.atelier.server.api.YouCamErrors},
 * one exhaustive switch). An HTTP adapter: only the adapters and the composition root may use it.
 */
package dev.atelier.server.api;
