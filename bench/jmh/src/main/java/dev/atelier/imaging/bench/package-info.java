/**
 * JMH benchmarks and whole-pipeline timers for the imaging kernels (resize, blur, thumbnail against libvips, worker
 * scaling), with {@code BenchImages} loading the sample photos that bench/fetch-photos.sh caches; results and the
 * commands that reproduce them are in bench/README.md.
 */
package dev.atelier.imaging.bench;
