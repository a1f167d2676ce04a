package dev.atelier.server.effects.generate;

import dev.atelier.server.errors.Refusal;
import java.util.List;
import java.util.Map;

/** Typed reads of the generator parameters, with messages that name the parameter and its limits. */
public final class GenParams {
    private GenParams() {}

    /** A string of {@code min..max} characters (code points: a CJK character, letter, digit or symbol is one). */
    public static String text(Map<String, Object> p, String name, boolean required, int max) {
        Object v = p.get(name);
        if (v == null) {
            if (required) {
                throw Refusal.invalid(name + " is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw Refusal.invalid(name + " must be a string");
        }
        int length = s.codePointCount(0, s.length());
        if (s.isBlank()) {
            throw Refusal.invalid(name + " must not be empty");
        }
        if (length > max) {
            throw Refusal.invalid(name + " may have at most " + max + " characters, got " + length);
        }
        return s;
    }

    static Integer integer(Map<String, Object> p, String name, int min, int max) {
        Object v = p.get(name);
        if (v == null) {
            return null;
        }
        long n = whole(name, v);
        if (n < min || n > max) {
            throw Refusal.invalid(name + " must be " + min + ".." + max + ", got " + n);
        }
        return (int) n;
    }

    public static long whole(String name, Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 9.0e15) {
            return (long) n.doubleValue();
        }
        throw Refusal.invalid(name + " must be an integer, got " + v);
    }

    static Double number(Map<String, Object> p, String name, double min, double max) {
        Object v = p.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
            throw Refusal.invalid(name + " must be a number, got " + v);
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw Refusal.invalid(name + " must be " + min + ".." + max + ", got " + d);
        }
        return d;
    }

    static boolean bool(Map<String, Object> p, String name, boolean dflt) {
        Object v = p.get(name);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw Refusal.invalid(name + " must be true or false, got " + v);
        }
        return b;
    }

    /** A seed: an integer, or (V1) an array of at most one integer; 0..2^32-1. */
    static Long seed(Map<String, Object> p, String name) {
        Object v = p.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            if (list.size() > 1) {
                throw Refusal.invalid(name + " takes at most one value, got " + list.size());
            }
            if (list.isEmpty()) {
                return null;
            }
            v = list.getFirst();
        }
        long s = whole(name, v);
        if (s < 0 || s > 0xFFFF_FFFFL) {
            throw Refusal.invalid(name + " must be 0..4294967295, got " + s);
        }
        return s;
    }
}
