package dev.atelier.server.api.youcam;

import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.errors.Refusal;
import java.util.Map;

/**
 * The v2 family's numbers are JSON numbers of the declared kind: an integer parameter takes a JSON integer within 32
 * bits ({@code "2"}, {@code 2.0} and {@code 1e30} are refused), a number parameter a finite JSON number within 64
 * bits. The legacy family keeps its lenient reading ({@code "2"} and {@code 2.0} pass as 2), since its clients predate
 * Atelier; in both, a number beyond range is {@code InvalidParameters}, never a server error.
 */
final class FieldTypes {
    private FieldTypes() {}

    /** @param params the body's feature fields as {@code RequestBodies} read them (Integer, Long, BigInteger, Double, …) */
    static void check(Effect effect, Map<String, Object> params) {
        for (ParamSpec spec : effect.parameters()) {
            Object v = params.get(spec.name());
            if (v == null) {
                continue;
            }
            switch (spec.type()) {
                case INTEGER -> {
                    if (!(v instanceof Integer)) {
                        throw Refusal.invalid(spec.name() + " must be a JSON integer"
                                + (v instanceof Number ? " within 32 bits" : "") + ", got " + shown(v));
                    }
                }
                case NUMBER -> {
                    if (!(v instanceof Integer || v instanceof Long
                            || v instanceof Double d && Double.isFinite(d))) {
                        throw Refusal.invalid(spec.name() + " must be a finite JSON number"
                                + (v instanceof Number ? " within 64 bits" : "") + ", got " + shown(v));
                    }
                }
                default -> { }
            }
        }
    }

    private static String shown(Object v) {
        String text = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
