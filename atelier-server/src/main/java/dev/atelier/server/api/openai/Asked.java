package dev.atelier.server.api.openai;

import java.util.Map;

/**
 * The fields every images route shares, checked per model: the task's parameters, how to answer
 * ({@code url} or {@code b64_json}), the output format and the provider asked for (or null).
 */
record Asked(Map<String, Object> params, String responseFormat, String outputFormat, String provider) {}
