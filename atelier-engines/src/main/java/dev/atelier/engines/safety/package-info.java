/**
 * Content safety: {@link dev.atelier.engines.safety.NsfwClassification} scores a picture with an NSFW classifier from
 * the model registry (nsfwjs's MobileNetV2 by default); the server decides what to refuse.
 */
package dev.atelier.engines.safety;
