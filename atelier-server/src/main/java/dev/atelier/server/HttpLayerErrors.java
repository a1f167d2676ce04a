package dev.atelier.server;

import dev.atelier.server.api.Envelope;
import dev.atelier.server.api.openai.OpenAiApi;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.json.Json;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors the HTTP layer answers before any route runs — headers too large (431), a request line Jetty cannot parse
 * (400, 414) — in the family's envelope instead of Jetty's HTML page: OpenAI's shape under {@code /v1/}, YouCam's
 * {@code {status, error, error_code}} everywhere else. Javalin's own early errors (a body over the request limit, 413)
 * are mapped with {@link #codeFor} by the route error handlers.
 */
final class HttpLayerErrors extends ErrorHandler {

    /** The refusal an HTTP status the server itself produced stands for. */
    static RefusalCode codeFor(int status) {
        return switch (status) {
            case 404 -> RefusalCode.NOT_FOUND;
            case 405 -> RefusalCode.METHOD_NOT_ALLOWED;
            case 413 -> RefusalCode.ENTITY_TOO_LARGE;
            case 415 -> RefusalCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RefusalCode.TOO_MANY_REQUESTS;
            case 431 -> RefusalCode.HEADERS_TOO_LARGE;
            case 503 -> RefusalCode.UNAVAILABLE;
            default -> status >= 500 ? RefusalCode.INTERNAL : RefusalCode.BAD_REQUEST;
        };
    }

    /** The body for {@code status} on {@code path}, in the path's family's shape. */
    static Map<String, Object> body(String path, int status, String message) {
        RefusalCode code = codeFor(status);
        String text = message == null || message.isBlank() ? code.defaultMessage() : message;
        if (path != null && path.startsWith("/v1/")) {
            return OpenAiApi.errorBody(code, text);
        }
        Map<String, Object> m = Envelope.error(code, text);
        m.put("status", status); // the HTTP status, which a catch-all code such as BadRequest does not fix
        return m;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        byte[] json = Json.MAPPER.writeValueAsBytes(body(path, code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
