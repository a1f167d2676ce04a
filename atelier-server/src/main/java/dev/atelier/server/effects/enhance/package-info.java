/**
 * Photo enhance ({@code enhance}): enlarges a picture by the asked scale through the preferred upscaler — the
 * Real-ESRGAN model when installed, the classical sharpening upscaler otherwise — and says which one ran in the
 * result's metadata.
 */
package dev.atelier.server.effects.enhance;
