/**
 * Capabilities and engines: the small interfaces effects call ({@link dev.atelier.engines.Upscaling}, ...), the
 * {@link dev.atelier.engines.Engine} contract every implementation meets (kind, availability with a remedy), and the
 * values they share ({@link dev.atelier.engines.Progress}, {@link dev.atelier.engines.EngineException}).
 */
package dev.atelier.engines;
