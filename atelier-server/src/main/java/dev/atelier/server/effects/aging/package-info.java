/**
 * Aging ({@code aging}): estimates the face's age with an operator-installed age model, then asks the generator for
 * one masked edit per target age (fixed offsets from the estimate); the face checks answer the directional angle
 * codes the contract lists for this feature.
 */
package dev.atelier.server.effects.aging;
