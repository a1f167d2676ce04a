package dev.atelier.server.credits;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the units ledger.
 *
 * @param enforced     true: every key needs units to run tasks; false (default): a key that was never granted units is
 *                     unlimited (its usage is still recorded), a key with grants is held to its balance
 * @param costOverrides hundredths per feature replacing the effect table's unit cost
 */
public record CreditSettings(boolean enforced, Map<String, Long> costOverrides) {
    public CreditSettings {
        costOverrides = Map.copyOf(costOverrides);
    }

    public static CreditSettings from(SettingsSource s) {
        return new CreditSettings(s.bool("ATELIER_CREDITS_ENFORCED", false),
                costs(s.string("ATELIER_FEATURE_COSTS", "")));
    }

    /** {@code enhance=1,sod=0.5}: feature ids and unit amounts with at most two decimals. */
    static Map<String, Long> costs(String csv) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String entry : csv.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new SettingsException("ATELIER_FEATURE_COSTS entries look like feature=units, got '" + entry + "'");
            }
            try {
                long amount = Units.parse(entry.substring(eq + 1));
                if (amount < 0) {
                    throw new SettingsException("ATELIER_FEATURE_COSTS: a cost cannot be negative ('" + entry + "')");
                }
                out.put(entry.substring(0, eq).trim(), amount);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("ATELIER_FEATURE_COSTS: " + e.getMessage());
            }
        }
        return out;
    }
}
