package dev.atelier.server.screening;

import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.VideoEffect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An effect whose input pictures (sources and references; masks are not pictures of anyone) are screened before it
 * runs, and, for generators, whose output pictures are screened before they are stored. A flagged picture fails the
 * task with {@link ContentScreen#CODE}, so nothing is stored or charged (a failed task releases its reserved units).
 * The result metadata's {@code nsfw_screening} says whether and how the run was screened.
 */
public final class ScreenedEffect extends Screened<Effect> {
    private final boolean outputs;

    private ScreenedEffect(Effect effect, ContentScreen screen, boolean outputs) {
        super(effect, screen);
        this.outputs = outputs;
    }

    /**
     * Image features: their inputs are screened. Video features: their input frames, sampled once per second as
     * they stream ({@link ScreenedVideoEffect}).
     */
    public static List<Effect> inputs(List<Effect> effects, ContentScreen screen) {
        return effects.stream().<Effect>map(e -> e instanceof VideoEffect v ? new ScreenedVideoEffect(v, screen)
                : new ScreenedEffect(e, screen, false)).toList();
    }

    /** Generators: their inputs and what they generate are screened. */
    public static List<Effect> inputsAndOutputs(List<Effect> effects, ContentScreen screen) {
        return effects.stream().<Effect>map(e -> new ScreenedEffect(e, screen, true)).toList();
    }

    @Override
    public EffectOutput run(EffectInput input, Progress progress) {
        if (!screen.active()) {
            EffectOutput out = effect.run(input, progress);
            return withScreening(out, screen.offReason());
        }
        List<Image> in = new ArrayList<>(input.sources());
        in.addAll(input.refs());
        double inScore = screen.check(in, "input");
        EffectOutput out = effect.run(input, progress);
        String how = (in.isEmpty() ? "" : in.size() + " input" + (in.size() > 1 ? "s" : "") + " (highest "
                + String.format(Locale.ROOT, "%.2f", inScore) + ")");
        if (outputs) {
            List<Image> made = out.items().stream().map(EffectOutput.Item::image).toList();
            double outScore = screen.check(made, "output");
            how += (how.isEmpty() ? "" : " and ") + made.size() + " output" + (made.size() > 1 ? "s" : "")
                    + " (highest " + String.format(Locale.ROOT, "%.2f", outScore) + ")";
        }
        return withScreening(out, "screened " + how + ": " + screen.rule());
    }

    private static EffectOutput withScreening(EffectOutput out, String how) {
        Map<String, Object> metadata = new LinkedHashMap<>(out.metadata());
        metadata.put("nsfw_screening", how);
        return new EffectOutput(out.items(), metadata);
    }
}
