package dev.atelier.client;

/** The text limits the generator calls check before sending (the server checks them again). */
final class GeneratorText {
    private GeneratorText() {}

    static String prompt(String text, int maxChars) {
        String t = required(text, "prompt");
        if (t.codePointCount(0, t.length()) > maxChars) {
            throw new IllegalArgumentException("at most " + maxChars + " characters, got "
                    + t.codePointCount(0, t.length()));
        }
        return t;
    }

    static String required(String text, String name) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return text;
    }
}
