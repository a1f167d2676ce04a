/**
 * Edits through the image generator inside a mask: {@link dev.atelier.server.effects.edit.MaskedEdit} sends the
 * picture and mask to the configured provider and composites its answer only where the mask marks, which hair,
 * aging and AI replace share; {@link dev.atelier.server.effects.edit.ObjectReplaceEffect} is AI replace (the
 * client's mask and prompt).
 */
package dev.atelier.server.effects.edit;
