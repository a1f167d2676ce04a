package dev.atelier.server.effects;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one feature parameter is described to clients (the features listing and the playground's forms): a small
 * JSON-Schema-like record. It documents what {@link Effect#validateParams} enforces; it does not replace it.
 *
 * @param name        the wire name (a flat v2 body field, or a key of the legacy {@code actions[0].params})
 * @param type        the JSON type
 * @param required    whether a request without it is refused
 * @param defaultValue the value used when it is absent, or null
 * @param allowed     the only accepted values, or empty when any value within the bounds is accepted
 * @param minimum     inclusive lower bound for numbers, or null
 * @param maximum     inclusive upper bound for numbers, or null
 * @param maxLength   longest accepted string in characters, or null
 * @param description one sentence for a form label's help text
 * @param itemFields  for an {@link Type#ARRAY} of objects: each element's fields and their types, in order (every
 *                    field is required); empty for other types
 */
public record ParamSpec(String name, Type type, boolean required, Object defaultValue, List<?> allowed,
        Number minimum, Number maximum, Integer maxLength, String description, Map<String, Type> itemFields) {

    /** The JSON type of a parameter. */
    public enum Type {
        INTEGER, NUMBER, STRING, BOOLEAN, ARRAY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ParamSpec {
        allowed = List.copyOf(allowed);
        itemFields = Collections.unmodifiableMap(new LinkedHashMap<>(itemFields));
    }

    /** An integer that must be one of {@code allowed}. */
    public static ParamSpec intChoice(String name, boolean required, List<Integer> allowed, Integer defaultValue,
            String description) {
        return new ParamSpec(name, Type.INTEGER, required, defaultValue, allowed, null, null, null, description,
                Map.of());
    }

    /** An integer within {@code min..max}. */
    public static ParamSpec intRange(String name, boolean required, int min, int max, Integer defaultValue,
            String description) {
        return new ParamSpec(name, Type.INTEGER, required, defaultValue, List.of(), min, max, null, description,
                Map.of());
    }

    /** A number within {@code min..max}. */
    public static ParamSpec numberRange(String name, boolean required, double min, double max, Double defaultValue,
            String description) {
        return new ParamSpec(name, Type.NUMBER, required, defaultValue, List.of(), min, max, null, description,
                Map.of());
    }

    /** A string that must be one of {@code allowed}. */
    public static ParamSpec choice(String name, boolean required, List<String> allowed, String defaultValue,
            String description) {
        return new ParamSpec(name, Type.STRING, required, defaultValue, allowed, null, null, null, description,
                Map.of());
    }

    /** Free text of at most {@code maxLength} characters (a prompt). */
    public static ParamSpec text(String name, boolean required, int maxLength, String description) {
        return new ParamSpec(name, Type.STRING, required, null, List.of(), null, null, maxLength, description,
                Map.of());
    }

    /**
     * A list of objects whose fields are all integers, e.g. {@code face_mapping: [{index, position}]}: {@code fields}
     * names them in the order a form should show them.
     */
    public static ParamSpec integerObjects(String name, boolean required, List<String> fields, String description) {
        Map<String, Type> items = new LinkedHashMap<>();
        fields.forEach(f -> items.put(f, Type.INTEGER));
        return new ParamSpec(name, Type.ARRAY, required, null, List.of(), null, null, null, description, items);
    }

    /**
     * A JSON array of at most one integer within {@code min..max}, the YouCam generator's {@code seed: [42]}
     * (CONTRACTS.md: {@code integer[]}, max 1 element); {@code minimum} and {@code maximum} bound the element.
     */
    public static ParamSpec singleIntList(String name, boolean required, long min, long max, String description) {
        return new ParamSpec(name, Type.ARRAY, required, null, List.of(), min, max, null, description, Map.of());
    }

    public static ParamSpec bool(String name, boolean defaultValue, String description) {
        return new ParamSpec(name, Type.BOOLEAN, false, defaultValue, List.of(), null, null, null, description,
                Map.of());
    }
}
