package dev.atelier.server.effects;

import dev.atelier.imaging.Image;
import java.util.List;
import java.util.Map;

/** Decoded, validated inputs of one task run, with the parameters {@link Effect#validateParams} returned. */
public record EffectInput(List<Image> sources, List<Image> refs, List<Image> masks, Map<String, Object> params) {
    public Image source() {
        return sources.getFirst();
    }
}
