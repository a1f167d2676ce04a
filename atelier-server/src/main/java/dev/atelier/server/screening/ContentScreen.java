package dev.atelier.server.screening;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.safety.NsfwClassification;
import dev.atelier.imaging.Image;
import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether pictures are sexual content, with an NSFW classifier from the model registry. A picture is flagged
 * when the probabilities of the classes that count add up to the threshold or more. Settings:
 * {@code ATELIER_NSFW_SCREENING} ({@code on}, the default: screen whenever the model is installed; {@code off}),
 * {@code ATELIER_NSFW_CLASSES} (default {@code porn,hentai}; of drawing, hentai, neutral, porn, sexy),
 * {@code ATELIER_NSFW_THRESHOLD} (default 0.7), {@code ATELIER_NSFW_MODEL} (default {@code nsfw-mobilenet-v2}).
 */
public final class ContentScreen {
    public static final EngineCode CODE = EngineCode.ERROR_NSFW_CONTENT_DETECTED;

    private final NsfwClassification classifier;
    private final boolean enabled;
    private final Set<String> classes;
    private final double threshold;

    public ContentScreen(NsfwClassification classifier, boolean enabled, Set<String> classes, double threshold) {
        this.classifier = classifier;
        this.enabled = enabled;
        this.classes = Set.copyOf(classes);
        this.threshold = threshold;
        for (String c : classes) {
            if (!NsfwClassification.CLASSES.contains(c)) {
                throw new SettingsException("ATELIER_NSFW_CLASSES: unknown class '" + c + "'; the classes are "
                        + String.join(", ", NsfwClassification.CLASSES));
            }
        }
        if (classes.isEmpty() || !(threshold > 0 && threshold <= 1)) {
            throw new SettingsException("ATELIER_NSFW_CLASSES must name a class and ATELIER_NSFW_THRESHOLD be in"
                    + " (0, 1], got " + classes + " and " + threshold);
        }
    }

    public static ContentScreen from(SettingsSource source, NsfwClassification classifier) {
        String mode = source.string("ATELIER_NSFW_SCREENING", "on").strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new SettingsException("ATELIER_NSFW_SCREENING must be on or off, got '" + mode + "'");
        }
        Set<String> classes = new LinkedHashSet<>();
        for (String c : source.string("ATELIER_NSFW_CLASSES", "porn,hentai").split(",")) {
            if (!c.isBlank()) {
                classes.add(c.strip().toLowerCase(Locale.ROOT));
            }
        }
        double threshold;
        String t = source.string("ATELIER_NSFW_THRESHOLD", "0.7");
        try {
            threshold = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new SettingsException("ATELIER_NSFW_THRESHOLD must be a number in (0, 1], got '" + t + "'");
        }
        return new ContentScreen(classifier, mode.equals("on"), classes, threshold);
    }

    /** Whether pictures are screened now: on, and the model installed (re-checked per run; installing needs no restart). */
    public boolean active() {
        return enabled && classifier.availability().isAvailable();
    }

    /** One line for the start banner and logs: on, or off and how to turn it on. */
    public String status() {
        if (!enabled) {
            return "NSFW screening: off (ATELIER_NSFW_SCREENING=off)";
        }
        Availability a = classifier.availability();
        if (!a.isAvailable()) {
            return "NSFW screening: off, no model installed; turn it on with: ./atelier models pull "
                    + classifier.modelId();
        }
        return "NSFW screening: on (" + classifier.id() + ", " + rule() + ")";
    }

    /** Why nothing was screened, for result metadata. */
    String offReason() {
        return enabled ? "not screened: " + classifier.availability().describe()
                : "not screened: ATELIER_NSFW_SCREENING=off";
    }

    String rule() {
        return String.join("+", classes.stream().sorted().toList()) + " below " + threshold;
    }

    /**
     * Classifies each picture; the first flagged one ends the run.
     *
     * @param what {@code input} or {@code output}, for the message
     * @return the highest sum of the counted classes seen
     * @throws EngineException {@link #CODE} when a picture is flagged
     */
    double check(List<Image> images, String what) {
        double highest = 0;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            NsfwClassification.Scores s = classifier.classify(images.get(i));
            double score = classes.stream().mapToDouble(c -> s.byClass().get(c)).sum();
            highest = Math.max(highest, score);
            seen.add(String.format(Locale.ROOT, "%.2f", score));
            if (score >= threshold) {
                throw new EngineException(CODE, "the " + what + (images.size() > 1 ? " " + (i + 1) : "")
                        + " looks like sexual content (" + String.join("+", classes.stream().sorted().toList())
                        + String.format(Locale.ROOT, " %.2f ≥ %.2f", score, threshold) + ", by " + classifier.id()
                        + ")");
            }
        }
        return highest;
    }
}
