/**
 * The hair features (hairstyle, hair transfer, extension, bangs, volume, wig): {@link
 * dev.atelier.server.effects.hair.HairEffect} finds the face and the person, draws the hair region Atelier owns
 * ({@link dev.atelier.server.effects.hair.HairMask}), asks the configured generator for a masked edit from a
 * template's prompt ({@link dev.atelier.server.effects.hair.HairCatalogue}, data in {@code resources/hair}) and
 * composites the answer only inside the mask, so a provider that redraws the frame cannot change the face.
 */
package dev.atelier.server.effects.hair;
