package dev.atelier.client;

/**
 * A template of AI Image Generator V1 ({@link TextToImage#template(String)}).
 *
 * @param id       its id, e.g. {@code watercolor}
 * @param title    its display name
 * @param category its category's name
 */
public record Template(String id, String title, String category) {}
