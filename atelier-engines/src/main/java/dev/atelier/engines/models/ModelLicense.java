package dev.atelier.engines.models;

import java.util.Objects;

/**
 * The licence a model's files come under, and whether it lets Atelier use them without asking the operator.
 *
 * @param id an SPDX identifier or a short name when the licence is unclear
 * @param url where the licence text lives
 * @param summary one or two sentences the operator reads before accepting
 * @param permissive true when the model can be pulled without {@code --accept-license}
 */
public record ModelLicense(String id, String url, String summary, boolean permissive) {
    public ModelLicense {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(summary, "summary");
    }
}
