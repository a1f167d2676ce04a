package dev.atelier.engines.onnx.tfjs;

/**
 * Turns the JavaScript that some npm packages wrap their TF.js files in back into what the TF.js converter wrote:
 * {@code nsfwjs} ships {@code model.min.js} as a bundle whose module exports an object literal (bare keys, {@code !0}
 * for true, {@code .5} for 0.5) and each weight shard as a module exporting one base64 string.
 */
final class JsLiteral {
    private static final String EXPORTS = "exports=";

    private JsLiteral() {}

    /** The object literal a wrapped {@code model.json} exports, as strict JSON text. */
    static String objectAsJson(String js) {
        int at = js.indexOf(EXPORTS + "{");
        if (at < 0) {
            throw new TfjsException("the wrapped model file exports no object literal");
        }
        StringBuilder out = new StringBuilder(js.length());
        int i = at + EXPORTS.length();
        int depth = 0;
        do {
            char c = js.charAt(i);
            if (c == '"' || c == '\'') {
                i = string(js, i, out);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
                out.append(c);
                i++;
            } else if (c == '}' || c == ']') {
                depth--;
                out.append(c);
                i++;
            } else if (c == '!' && i + 1 < js.length() && (js.charAt(i + 1) == '0' || js.charAt(i + 1) == '1')) {
                out.append(js.charAt(i + 1) == '0' ? "true" : "false");
                i += 2;
            } else if (c == '.' && !Character.isDigit(js.charAt(i - 1))
                    || c == '-' && i + 1 < js.length() && js.charAt(i + 1) == '.') {
                out.append(c == '-' ? "-0." : "0.");
                i += c == '-' ? 2 : 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i;
                while (end < js.length() && Character.isJavaIdentifierPart(js.charAt(end))) {
                    end++;
                }
                if (isKeyword(js, i)) {
                    out.append(js, i, end);
                } else {
                    out.append('"').append(js, i, end).append('"');
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        } while (depth > 0 && i < js.length());
        if (depth != 0) {
            throw new TfjsException("the wrapped model file's object literal is not closed");
        }
        return out.toString();
    }

    /** The base64 payload a wrapped weight shard exports, decoded. */
    static byte[] exportedBase64(String js) {
        int at = js.indexOf(EXPORTS + "\"");
        if (at < 0) {
            throw new TfjsException("the wrapped weight shard exports no string");
        }
        int start = at + EXPORTS.length() + 1;
        int end = js.indexOf('"', start);
        if (end < 0) {
            throw new TfjsException("the wrapped weight shard's string is not closed");
        }
        try {
            return java.util.Base64.getDecoder().decode(js.substring(start, end));
        } catch (IllegalArgumentException e) {
            throw new TfjsException("the wrapped weight shard is not base64: " + e.getMessage());
        }
    }

    private static boolean isKeyword(String js, int i) {
        for (String k : new String[] {"true", "false", "null"}) {
            if (js.startsWith(k, i) && !Character.isJavaIdentifierPart(charAt(js, i + k.length()))) {
                return true;
            }
        }
        // A letter inside a number (1e-5) is not a key.
        return (js.charAt(i) == 'e' || js.charAt(i) == 'E') && i > 0 && Character.isDigit(js.charAt(i - 1));
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : ' ';
    }

    /** Copies a quoted string as a JSON string; returns the index after its closing quote. */
    private static int string(String js, int i, StringBuilder out) {
        char quote = js.charAt(i);
        out.append('"');
        i++;
        while (i < js.length() && js.charAt(i) != quote) {
            char c = js.charAt(i);
            if (c == '\\') {
                out.append(c).append(js.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                out.append("\\\"");
            } else {
                out.append(c);
            }
            i++;
        }
        out.append('"');
        return i + 1;
    }
}
