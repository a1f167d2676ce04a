package dev.atelier.server.json;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's JSON mappers: {@link #MAPPER} keeps insertion order (wire bodies read as the contract shows them);
 * {@link #CANONICAL} sorts map keys so equal requests hash equally.
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    public static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static String canonical(Object value) {
        return CANONICAL.writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
