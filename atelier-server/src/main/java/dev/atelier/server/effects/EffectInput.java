package dev.atelier.server.effects;

import dev.atelier.imaging.Image;
import java.util.List;
import java.util.Map;

/** Decoded, validated inputs of one task run, with the parameters {@link Effect#validateParams} returned. */
public record EffectInput(List<Image> sources, List<Image> refs, List<Image> masks, Map<String, Object> params) {
    public Image source() {
        return sources.getFirst();
    }

    /** Whether the first mask marks any pixel (above 0.5); false without a mask. */
    public boolean maskMarksAnything() {
        if (masks.isEmpty()) {
            return false;
        }
        for (float v : masks.getFirst().plane(0)) {
            if (v > 0.5f) {
                return true;
            }
        }
        return false;
    }
}
