package dev.atelier.server.credits;

import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.Effects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The price list: units charged per successful task of each feature, from the effect table's
 * {@link EffectSpec#unitCost()} (CONTRACTS A.5/A.6 defaults) unless {@code ATELIER_FEATURE_COSTS} overrides it.
 */
public final class FeatureCosts {
    /** One line of the price list as {@code credit/feature-cost} shows it. */
    public record Sku(String feature, String description, long amount, String unit, int procUnit, String runPath) {}

    private final Effects effects;
    private final Map<String, Long> overrides;

    public FeatureCosts(Effects effects, Map<String, Long> overrides) {
        this.effects = effects;
        this.overrides = Map.copyOf(overrides);
    }

    /** Hundredths of a unit charged for one successful task of {@code feature}. */
    public long hundredths(String feature) {
        Long override = overrides.get(feature);
        if (override != null) {
            return override;
        }
        return effects.byFeature(feature).map(e -> Units.hundredths(e.spec().unitCost())).orElse(0L);
    }

    /** What a task of {@code feature} holds at submit: the price of the most it can use. */
    public long reservation(String feature) {
        return hundredths(feature) * effects.byFeature(feature).map(e -> e.metering().maxQuantity()).orElse(1);
    }

    /**
     * What a successful task of {@code feature} is charged, from its result metadata: per-result features their
     * price, metered ones (video) the price times the {@code billed_<unit>s} the effect reported.
     */
    public long charged(String feature, Map<String, Object> resultMetadata) {
        Effect.Metering metering = effects.byFeature(feature).map(Effect::metering).orElse(Effect.Metering.PER_RESULT);
        if (metering.maxQuantity() <= 1) {
            return hundredths(feature);
        }
        Object used = resultMetadata.get("billed_" + metering.unit() + "s");
        long quantity = used instanceof Number n ? Math.clamp(n.longValue(), 1, metering.maxQuantity())
                : metering.maxQuantity();
        return hundredths(feature) * quantity;
    }

    /** Every feature of this server with its cost, in the effect table's order. */
    public List<Sku> all() {
        List<Sku> out = new ArrayList<>();
        for (Effect e : effects.all()) {
            EffectSpec s = e.spec();
            String path = s.v2Paths().isEmpty() ? "v1.0/task/" + s.feature() : s.v2Paths().getFirst();
            out.add(new Sku(s.feature(), s.summary(), hundredths(s.feature()), e.metering().unit(), 1, "/s2s/" + path));
        }
        return out;
    }
}
