/**
 * Routing of image generation requests over every configured {@link dev.atelier.engines.generation.ImageGeneration}
 * engine, remote or local. {@link dev.atelier.engines.routing.GenerationRouter} picks providers (an explicit provider
 * wins; else the model → providers map; else the best measured provider for the operation), falls back on timeouts,
 * 5xx, 429 and connection errors but never on validation or content-policy errors, keeps a circuit breaker and a
 * moving average of latency and success per provider, and records every attempt on the result. Time comes from an
 * injected clock and waits go through an injected sleeper, so every rule is testable without sleeping.
 */
package dev.atelier.engines.routing;
