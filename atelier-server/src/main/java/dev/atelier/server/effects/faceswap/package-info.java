/**
 * Face swap ({@code face-swap}): puts reference faces in place of source faces, paired by {@code face_mapping}
 * against the left-to-right order that {@code face-swap/pre-process} reports. The swap is classical (face mesh,
 * colour matching, blending) and deterministic, and the result metadata says so.
 */
package dev.atelier.server.effects.faceswap;
