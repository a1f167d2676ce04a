package dev.atelier.server.effects;

import dev.atelier.server.errors.Refusal;
import java.util.Map;
import java.util.Set;

/** Reading typed parameters from a request's loose JSON map, with messages that name the parameter. */
public final class Params {
    private Params() {}

    /** A required integer (JSON number with no fraction, or digits in a string). */
    public static int requiredInt(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v == null) {
            throw Refusal.invalid(name + " is required");
        }
        return toInt(name, v);
    }

    public static int optionalInt(Map<String, Object> params, String name, int defaultValue) {
        Object v = params.get(name);
        return v == null ? defaultValue : toInt(name, v);
    }

    private static int toInt(String name, Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        } else if (v instanceof String s && s.matches("-?\\d{1,9}")) {
            return Integer.parseInt(s);
        }
        throw Refusal.invalid(name + " must be an integer, got " + v);
    }

    /** Fails unless {@code value} is one of {@code allowed}. */
    public static int oneOf(String name, int value, Set<Integer> allowed) {
        if (!allowed.contains(value)) {
            throw Refusal.invalid(name + " must be one of " + allowed.stream().sorted().toList() + ", got " + value);
        }
        return value;
    }

    /** Fails unless {@code min <= value <= max}. */
    public static int between(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw Refusal.invalid(name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
