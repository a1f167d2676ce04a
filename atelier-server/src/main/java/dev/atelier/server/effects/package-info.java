/**
 * What an effect is, independent of any feature: {@link dev.atelier.server.effects.Effect} (spec, availability,
 * parameter rules, run over decoded images), {@link dev.atelier.server.effects.EffectSpec} (the row of the feature
 * table: slugs, paths, inputs, unit cost, output formats), {@link dev.atelier.server.effects.Effects} (lookups by
 * feature, legacy slug and v2 path), {@link dev.atelier.server.effects.OutputFormat}, and the shared value types of a
 * run. Each feature family lives in a sub-package; which effects a node offers is decided by the composition root's
 * {@code EffectTable}, so this package knows none of them.
 */
package dev.atelier.server.effects;
