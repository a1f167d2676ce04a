/**
 * Inpainting on the ONNX host: {@link dev.atelier.engines.inpaint.LamaInpainting} runs LaMa-family models on a
 * square crop around the hole with context, pasted back with a feathered edge; {@code obj-removal} prefers it over
 * the classical PatchMatch engine when its model is installed.
 */
package dev.atelier.engines.inpaint;
