package dev.atelier.server.api;

import dev.atelier.server.errors.RefusalCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The YouCam response envelopes: {@code {status, result}} (legacy), {@code {status, data}} (v2), and errors. */
public final class Envelope {
    private Envelope() {}

    public static Map<String, Object> legacy(Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", 200);
        m.put("result", result);
        return m;
    }

    public static Map<String, Object> v2(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", 200);
        m.put("data", data);
        return m;
    }

    /**
     * {@code {status, error, error_code}}: the error body of both families (CONTRACTS A.8 E.1). A 429, whatever
     * refused it (a rate limit or a full queue), is the documented {@code {"status":429,"error":"Too many
     * requests"}} (CONTRACTS E.1: no error code); the reason is in the server log and the wait in {@code
     * Retry-After}.
     */
    public static Map<String, Object> error(RefusalCode code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (code == RefusalCode.TOO_MANY_REQUESTS) {
            m.put("status", 429);
            m.put("error", code.defaultMessage());
            return m;
        }
        m.put("status", YouCamErrors.httpStatus(code));
        m.put("error", message == null ? code.defaultMessage() : message);
        m.put("error_code", YouCamErrors.wireCode(code));
        return m;
    }
}
