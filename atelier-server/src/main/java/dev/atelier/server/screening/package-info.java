/**
 * NSFW screening of what goes into and comes out of every feature: {@link dev.atelier.server.screening.ContentScreen}
 * (the settings and the verdict) and {@link dev.atelier.server.screening.ScreenedEffect} (an effect wrapped so its
 * inputs, and a generator's outputs, are screened before anything is stored or charged).
 */
package dev.atelier.server.screening;
