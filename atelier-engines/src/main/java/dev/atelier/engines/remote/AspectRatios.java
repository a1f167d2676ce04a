package dev.atelier.engines.remote;

import dev.atelier.engines.generation.ImageSize;
import java.util.Comparator;
import java.util.List;

/** Picks the aspect ratio an upstream offers that is closest to a requested size (for ratio-only APIs). */
final class AspectRatios {
    static final List<String> STABILITY = List.of("21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21");
    static final List<String> FLUX = List.of("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16",
            "9:21");

    private AspectRatios() {}

    /** The ratio in {@code offered} nearest to {@code size} on a log scale (2:1 and 1:2 are equally far from 1:1). */
    static String nearest(ImageSize size, List<String> offered) {
        double target = Math.log(size.aspect());
        return offered.stream()
                .min(Comparator.comparingDouble(r -> Math.abs(Math.log(value(r)) - target)))
                .orElseThrow();
    }

    private static double value(String ratio) {
        int colon = ratio.indexOf(':');
        return Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon + 1));
    }
}
