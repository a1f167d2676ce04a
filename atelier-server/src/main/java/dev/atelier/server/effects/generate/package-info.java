/**
 * The image generator effects, all calling the {@code ImageGeneration} capability through the
 * {@link dev.atelier.engines.routing.GenerationRouter}: the YouCam AI Image Generator V1 (templates and legacy styles,
 * {@link dev.atelier.server.effects.generate.TemplateCatalogue}), V2 text-to-image and V2 image-to-image with their
 * size rules ({@link dev.atelier.server.effects.generate.Sizes}), and the tasks the OpenAI-compatible
 * {@code /v1/images} routes run ({@link dev.atelier.server.effects.generate.ImagesEffect}). Upstream failures become
 * engine codes; every result's metadata names the provider, model, engine, seed, cost and timings. Without a
 * configured provider the effects report themselves unavailable, naming the settings to add
 * ({@link dev.atelier.server.effects.generate.GenerationSettings}).
 */
package dev.atelier.server.effects.generate;
