/**
 * What every face feature shares: {@link dev.atelier.server.effects.face.Faces} (detection and mesh over the local
 * engines), {@link dev.atelier.server.effects.face.FaceRules} (the CONTRACTS D.7 checks — size, angle, count — with
 * the engine code each failure answers), {@link dev.atelier.server.effects.face.FaceEffect} (the base of effects
 * that need only faces) and the face-swap pre-process feature, which reports the faces a later swap can use.
 */
package dev.atelier.server.effects.face;
