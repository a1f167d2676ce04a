package dev.atelier.server.effects;

import java.math.BigDecimal;
import java.util.List;

/**
 * One row of the effect table: everything about a feature that is data rather than code.
 *
 * @param feature         canonical id, also the legacy slug in {@code /s2s/v1.0/task/<feature>}
 * @param legacySlugs     every slug accepted on {@code /s2s/v1.0/{file,task}/<slug>}
 * @param v2Paths         paths after {@code /s2s/} of the v2 run endpoints, e.g. {@code v2.0/task/enhance}
 * @param input           accepted inputs
 * @param unitCost        units charged on success (CONTRACTS A.5)
 * @param outputFormats   accepted {@code output_ext} values; the first is the default
 * @param resultShape     how v2 statuses list results
 * @param summary         one line for listings and the playground
 */
public record EffectSpec(
        String feature,
        List<String> legacySlugs,
        List<String> v2Paths,
        InputSpec input,
        BigDecimal unitCost,
        List<String> outputFormats,
        ResultShape resultShape,
        String summary) {

    public String defaultOutputFormat() {
        return outputFormats.getFirst();
    }
}
