/**
 * Where the classical kernels' loops run: one bounded pool of kernel threads for the whole process, or the calling
 * thread alone when a node's workers already keep every core busy ({@link dev.atelier.imaging.parallel.Kernels}).
 */
package dev.atelier.imaging.parallel;
