package dev.atelier.server.config;

import dev.atelier.engines.config.SettingValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Raw settings by name: environment variables win over an optional properties file, which wins over defaults.
 *
 * <p>Names are the environment spelling ({@code ATELIER_PORT}); a properties file may use either that spelling or
 * the dotted lower-case one ({@code atelier.port}).
 */
public class SettingsSource {
    private final Map<String, String> values;

    private SettingsSource(Map<String, String> values) {
        this.values = values;
    }

    public static SettingsSource of(Map<String, String> values) {
        return new SettingsSource(Map.copyOf(values));
    }

    /** The process environment plus the properties file named by {@code ATELIER_CONFIG}, if any. */
    public static SettingsSource fromEnvironment() {
        Map<String, String> merged = new HashMap<>();
        String file = System.getenv("ATELIER_CONFIG");
        if (file != null && !file.isBlank()) {
            merged.putAll(readProperties(Path.of(file)));
        }
        merged.putAll(System.getenv());
        return new SettingsSource(merged);
    }

    static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new SettingsException("cannot read settings file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), p.getProperty(name).trim());
        }
        return out;
    }

    /** A source with no values that records every name asked for (used to list the settings). */
    static SettingsSource recording(java.util.Set<String> names) {
        return new SettingsSource(Map.of()) {
            @Override
            public Optional<String> get(String name) {
                names.add(name);
                return Optional.empty();
            }
        };
    }

    /** A copy with some values replaced (command-line flags win over everything). */
    public SettingsSource with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new SettingsSource(merged);
    }

    /** Every value, for the per-concern settings of other modules (ONNX, model registry, providers). */
    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /**
     * Every value whose name starts with {@code prefix}, by full name: for setting families whose names are built
     * from an operator's choice (e.g. {@code ATELIER_PROVIDER_<NAME>_API_KEY}). The family is documented as a
     * pattern, so these names are not recorded by {@link #recording}.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null && !v.isBlank()) {
                out.put(k, v.trim());
            }
        });
        return Map.copyOf(out);
    }

    public String string(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue) {
        return get(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new SettingsException(name + " must be an integer, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return get(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new SettingsException(name + " must be true or false, got '" + v + "'");
        }).orElse(defaultValue);
    }

    /** Durations like {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 30d}; a bare number is seconds. */
    public Duration duration(String name, Duration defaultValue) {
        return get(name).map(v -> parseDuration(name, v)).orElse(defaultValue);
    }

    /** Sizes like {@code 10MB}, {@code 512KiB}; a bare number is bytes. MB and MiB both mean 2^20 here. */
    public long bytes(String name, long defaultValue) {
        return get(name).map(v -> parseBytes(name, v)).orElse(defaultValue);
    }

    static Duration parseDuration(String name, String v) {
        try {
            return SettingValues.parseDuration(name, v, ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    static long parseBytes(String name, String v) {
        try {
            return SettingValues.parseBytes(name, v, 1);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }
}
