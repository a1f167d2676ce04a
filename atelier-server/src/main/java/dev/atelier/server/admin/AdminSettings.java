package dev.atelier.server.admin;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.util.Optional;

/**
 * Settings of the admin API.
 *
 * @param token bearer token of the admin API ({@code /admin/v1/...}: webhook endpoints, unit grants, keys, models);
 *              unset: the admin API answers 404
 */
public record AdminSettings(Optional<String> token) {

    public static AdminSettings from(SettingsSource s) {
        Optional<String> token = s.get("ATELIER_ADMIN_TOKEN");
        if (token.isPresent() && token.get().length() < 24) {
            throw new SettingsException("ATELIER_ADMIN_TOKEN must be at least 24 characters");
        }
        return new AdminSettings(token);
    }
}
