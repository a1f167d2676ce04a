/**
 * Engines of kind {@link dev.atelier.engines.EngineKind#CLASSICAL}: capability implementations over the pure-Java
 * algorithms of {@code atelier-imaging}. They need nothing installed, so they are always available.
 */
package dev.atelier.engines.classical;
