package dev.atelier.engines.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Setting values by name, parsed in one syntax everywhere. Durations: a whole number with {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d}; sizes: a whole number with {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code
 * MiB}, {@code GB}/{@code GiB} (all binary: MB and MiB both mean 2^20). A bare number means the name's own unit:
 * seconds and bytes for current names, the old unit for an old name kept as an alias ({@code ATELIER_ONNX_MEMORY_MB=
 * 3072} still means 3072 MiB). A value that does not parse fails with {@link IllegalArgumentException} naming the
 * setting.
 */
public final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private final Map<String, String> values;

    private SettingValues(Map<String, String> values) {
        this.values = values;
    }

    public static SettingValues of(Map<String, String> values) {
        return new SettingValues(values);
    }

    /** The trimmed value of {@code name}, empty when unset or blank. */
    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A duration under {@code name} (bare number: seconds). */
    public Duration duration(String name, Duration defaultValue) {
        return get(name).map(v -> parseDuration(name, v, ChronoUnit.SECONDS)).orElse(defaultValue);
    }

    /**
     * A duration under {@code name}, else under its old name {@code alias}, where a bare number counts in
     * {@code aliasUnit} as it always did.
     */
    public Duration duration(String name, String alias, ChronoUnit aliasUnit, Duration defaultValue) {
        Optional<String> current = get(name);
        if (current.isPresent()) {
            return parseDuration(name, current.get(), ChronoUnit.SECONDS);
        }
        return get(alias).map(v -> parseDuration(alias, v, aliasUnit)).orElse(defaultValue);
    }

    /** A size in bytes under {@code name} (bare number: bytes). */
    public long bytes(String name, long defaultValue) {
        return get(name).map(v -> parseBytes(name, v, 1)).orElse(defaultValue);
    }

    /** A size under {@code name}, else under its old name {@code alias}, where a bare number counts {@code aliasUnit}s. */
    public long bytes(String name, String alias, long aliasUnit, long defaultValue) {
        Optional<String> current = get(name);
        if (current.isPresent()) {
            return parseBytes(name, current.get(), 1);
        }
        return get(alias).map(v -> parseBytes(alias, v, aliasUnit)).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue) {
        return get(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", e);
            }
        }).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return get(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
        }).orElse(defaultValue);
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 30d}; a bare number counts {@code bareUnit}. */
    public static Duration parseDuration(String name, String text, ChronoUnit bareUnit) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a duration like 500ms, 10s, 5m, 2h or 30d, got '"
                    + text + "'");
        }
        long n = parseCount(name, m.group(1));
        if (m.group(2) == null) {
            return Duration.of(n, bareUnit);
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalStateException(m.group(2));
        };
    }

    /** Parses {@code 10MB}, {@code 512KiB}, {@code 1GB}, {@code 100B}; a bare number counts {@code bareUnit} bytes. */
    public static long parseBytes(String name, String text, long bareUnit) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a size like 10MB or 512KiB, got '" + text + "'");
        }
        long n = parseCount(name, m.group(1));
        int shift = m.group(2) == null ? -1 : switch (m.group(2)) {
            case "b" -> 0;
            case "kb", "kib" -> 10;
            case "mb", "mib" -> 20;
            case "gb", "gib" -> 30;
            default -> throw new IllegalStateException(m.group(2));
        };
        try {
            return shift < 0 ? Math.multiplyExact(n, bareUnit) : Math.multiplyExact(n, 1L << shift);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is too large: '" + text + "'", e);
        }
    }

    private static long parseCount(String name, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is too large: '" + digits + "'", e);
        }
    }
}
