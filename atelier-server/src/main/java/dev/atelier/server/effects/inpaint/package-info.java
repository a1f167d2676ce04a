/**
 * Object removal ({@code obj-removal}): fills the client's mask through the preferred inpainter — LaMa on a crop
 * around the hole when installed, the classical inpainter otherwise — named in the result's metadata.
 */
package dev.atelier.server.effects.inpaint;
