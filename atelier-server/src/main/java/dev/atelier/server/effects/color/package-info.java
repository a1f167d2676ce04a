/**
 * Colour features on the classical engines: colour correction ({@code color-correct}, four white-balance and levels
 * variants returned as a list) and lighting ({@code lighting}: lifted shadows, recovered highlights).
 */
package dev.atelier.server.effects.color;
