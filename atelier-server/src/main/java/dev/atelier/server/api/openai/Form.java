package dev.atelier.server.api.openai;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one OpenAI-compatible request, whether they came as JSON (typed values) or as multipart form fields
 * (strings), read with messages that name the field.
 */
final class Form {
    private final Map<String, Object> fields;

    Form(Map<String, Object> fields) {
        this.fields = fields;
    }

    Object raw(String name) {
        return fields.get(name);
    }

    boolean has(String name) {
        return fields.get(name) != null;
    }

    String string(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l && l.size() == 1 && l.getFirst() instanceof String s) {
            return s;
        }
        if (!(v instanceof String s)) {
            throw OpenAiException.invalid(name + " must be a string", name);
        }
        return s;
    }

    String oneOf(String name, Set<String> allowed) {
        String v = string(name);
        if (v != null && !allowed.contains(v)) {
            throw OpenAiException.invalid(name + " must be one of " + allowed.stream().sorted().toList() + ", got '"
                    + v + "'", name);
        }
        return v;
    }

    Long integer(String name, long min, long max) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        long n;
        if (v instanceof Integer || v instanceof Long) {
            n = ((Number) v).longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.trim());
        } else if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = (long) num.doubleValue();
        } else {
            throw OpenAiException.invalid(name + " must be an integer, got " + v, name);
        }
        if (n < min || n > max) {
            throw OpenAiException.invalid(name + " must be " + min + ".." + max + ", got " + n, name);
        }
        return n;
    }

    Double number(String name, double min, double max) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        double d;
        try {
            d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw OpenAiException.invalid(name + " must be a number, got " + v, name);
        }
        if (!(d >= min && d <= max)) {
            throw OpenAiException.invalid(name + " must be " + min + ".." + max + ", got " + v, name);
        }
        return d;
    }

    boolean bool(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw OpenAiException.invalid(name + " must be true or false, got " + v, name);
    }
}
