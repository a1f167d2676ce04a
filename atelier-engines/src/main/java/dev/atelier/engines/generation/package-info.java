/**
 * The image generation capability: text to image, image(s) plus text to image, and masked edit. This package holds
 * the {@link dev.atelier.engines.generation.ImageGeneration} interface every generator implements (remote providers
 * and local pipelines alike), the neutral request and result values that cross it ({@link
 * dev.atelier.engines.generation.GenerationRequest}, {@link dev.atelier.engines.generation.GenerationResult}),
 * and the typed failure {@link dev.atelier.engines.generation.ProviderError} whose code decides whether a caller may
 * try another provider. Images cross this boundary encoded ({@code byte[]} plus MIME type), so nothing here needs
 * the imaging codecs. Masks follow Atelier's convention: white (1.0) marks the region to change.
 */
package dev.atelier.engines.generation;
