/**
 * Makeup transfer ({@code mu-transfer}): the makeup of a reference face put on the source face by the classical
 * face edits of the engines module. Both photos need exactly one face, checked with their own {@code FaceRules}, so
 * the engine code says which picture failed ({@code error_src_no_face}, {@code error_ref_face_too_small}, …).
 */
package dev.atelier.server.effects.makeup;
