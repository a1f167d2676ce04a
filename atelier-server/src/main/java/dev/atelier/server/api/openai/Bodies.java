package dev.atelier.server.api.openai;

import dev.atelier.server.json.Json;
import io.javalin.http.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reading an images request's body: multipart forms (pictures as parts, even without a file name) or a JSON object,
 * both bounded by {@code ATELIER_OPENAI_MAX_REQUEST_BYTES} before anything is parsed.
 */
final class Bodies {
    private final long maxRequestBytes;

    Bodies(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    static boolean isMultipart(Context ctx) {
        String ct = ctx.header("Content-Type");
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    void checkLength(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxRequestBytes) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the request is " + length + " bytes; at most "
                    + maxRequestBytes + " are allowed (ATELIER_OPENAI_MAX_REQUEST_BYTES)", null);
        }
    }

    /** Picture fields; parts with these names are read as files whether or not the client named a file. */
    private static final Set<String> FILE_PARTS = Set.of("image", "image[]", "mask");

    /**
     * Every part by name. Javalin parses the body with the configured limits; the parts are then read from the
     * servlet request because some clients send pictures without a file name, which Javalin counts as text fields.
     */
    static Map<String, List<Part>> parts(Context ctx) {
        try {
            ctx.uploadedFiles(); // parses with the multipart limits of install()
            Map<String, List<Part>> out = new LinkedHashMap<>();
            for (Part part : ctx.req().getParts()) {
                out.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(part);
            }
            return out;
        } catch (IOException | ServletException | RuntimeException e) {
            throw multipartError(e);
        }
    }

    static Map<String, Object> formFields(Map<String, List<Part>> parts) {
        Map<String, Object> out = new LinkedHashMap<>();
        parts.forEach((name, list) -> {
            if (FILE_PARTS.contains(name)) {
                return;
            }
            List<String> values = new ArrayList<>();
            for (Part part : list) {
                try (InputStream in = part.getInputStream()) {
                    values.add(new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw OpenAiException.invalid("the field " + name + " cannot be read", name);
                }
            }
            out.put(name, values.size() == 1 ? values.getFirst() : values);
        });
        return out;
    }

    private static OpenAiException multipartError(Exception e) {
        String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("exceed") || message.toLowerCase(Locale.ROOT).contains("size")) {
            return OpenAiError.REQUEST_TOO_LARGE.with("the multipart body is too large: " + message, null);
        }
        return OpenAiException.invalid("the multipart body cannot be read: " + message, null);
    }

    /** A JSON object body, read with the OpenAI request bound (data URLs make JSON edits large). */
    Map<String, Object> jsonFields(Context ctx) {
        checkLength(ctx);
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        } catch (IOException e) {
            throw OpenAiException.invalid("the request body could not be read: " + e.getMessage(), null);
        }
        if (body.length > maxRequestBytes) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the request is larger than "
                    + maxRequestBytes + " bytes (ATELIER_OPENAI_MAX_REQUEST_BYTES)", null);
        }
        if (body.length == 0) {
            throw OpenAiException.invalid("the request body must be a JSON object", null);
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.isObject()) {
                throw OpenAiException.invalid("the request body must be a JSON object", null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.convertValue(node, Map.class);
            return map;
        } catch (JacksonException e) {
            throw OpenAiException.invalid("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
    }
}
