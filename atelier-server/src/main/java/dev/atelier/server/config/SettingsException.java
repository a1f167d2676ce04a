package dev.atelier.server.config;

/** A setting has a value Atelier cannot use; the message names the setting and what it expects. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
