/**
 * Settings: {@link dev.atelier.server.config.Settings} (the node-wide settings, each with its default, validated at
 * startup), {@link dev.atelier.server.config.SettingsSource} (environment over properties file over default) and
 * {@link dev.atelier.server.config.NodeRole}. Per-concern settings records live with their concern and read the same
 * source; the composition root lists them, so this package names no feature package.
 */
package dev.atelier.server.config;
