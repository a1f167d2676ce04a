/**
 * Local Stable Diffusion on ONNX Runtime: bundles in the diffusers/optimum ONNX layout (text encoder, UNet, VAE,
 * CLIP tokenizer, scheduler config), the CLIP BPE tokenizer, the schedulers (Euler, Euler ancestral, DDIM,
 * DPM-Solver++ 2M, LCM), the denoising pipeline (text-to-image, image-to-image, inpainting) and the {@code local}
 * image generation provider over it. Tensor names, dtypes and shapes are read from each graph, never assumed.
 */
package dev.atelier.engines.diffusion;
