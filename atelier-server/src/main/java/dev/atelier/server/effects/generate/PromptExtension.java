package dev.atelier.server.effects.generate;

import java.util.Locale;

/**
 * {@code prompt_extend} of the V2 generator: the server enriches the positive prompt (never the negative one). Atelier
 * runs no language model for this, so the enrichment is a fixed, documented rule: short prompts (fewer than 25 words)
 * get quality and composition cues appended, skipping cues the prompt already contains. Long prompts are taken to be
 * deliberate and are sent as written.
 */
final class PromptExtension {
    static final int LONG_PROMPT_WORDS = 25;
    private static final String[] CUES = {"highly detailed", "sharp focus", "balanced composition",
        "natural lighting", "high quality"};

    private PromptExtension() {}

    static String extend(String prompt) {
        String trimmed = prompt.strip();
        if (trimmed.split("\\s+").length >= LONG_PROMPT_WORDS) {
            return trimmed;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(trimmed);
        for (String cue : CUES) {
            if (!lower.contains(cue)) {
                sb.append(", ").append(cue);
            }
        }
        return sb.toString();
    }
}
