/**
 * Colorize ({@code colorize}): one DDColor prediction of the chroma from the lightness, delivered at four strengths,
 * which is the contract's list of outputs.
 */
package dev.atelier.server.effects.colorize;
