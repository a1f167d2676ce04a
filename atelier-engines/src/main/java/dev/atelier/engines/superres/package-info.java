/**
 * Super-resolution on the ONNX host: {@link dev.atelier.engines.superres.RealEsrganUpscaling} runs Real-ESRGAN-family
 * models (×2, ×4) in feathered tiles, the preferred engine of {@code enhance} ×2/×4 when installed.
 */
package dev.atelier.engines.superres;
