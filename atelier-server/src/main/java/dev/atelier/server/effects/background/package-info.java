/**
 * Background features over one segmentation: remove ({@code sod}, a cut-out with alpha), blur ({@code bg-blur}) and
 * change ({@code bg-replace}: a built-in template, a colour or a reference picture; a prompt only with a configured
 * generator, never silently replaced by a template).
 */
package dev.atelier.server.effects.background;
