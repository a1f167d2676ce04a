/**
 * Image quality metrics (PSNR, SSIM) used by tests and benchmarks to compare pictures with tolerances instead of
 * bytes.
 */
package dev.atelier.imaging.metrics;
