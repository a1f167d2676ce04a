package dev.atelier.server.api.youcam;

import dev.atelier.server.errors.Refusal;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Paging of catalogue lists (templates, style groups, styles; CONTRACTS A.3/A.5): {@code page_size} items (1..20,
 * default 20) from {@code starting_token}; {@code next_token} is opaque and {@code null} on the last page.
 */
final class Pages {
    static final int MAX_PAGE = 20;

    private Pages() {}

    static <T> Map<String, Object> page(Context ctx, List<T> all, String key,
            Function<T, Map<String, Object>> render) {
        int size = pageSize(ctx.queryParam("page_size"));
        int start = startIndex(ctx.queryParam("starting_token"), all.size());
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = start; i < Math.min(all.size(), start + size); i++) {
            items.add(render.apply(all.get(i)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, items);
        int next = start + size;
        out.put("next_token", next < all.size() ? token(next) : null);
        return out;
    }

    private static int pageSize(String text) {
        if (text == null || text.isBlank()) {
            return MAX_PAGE;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Refusal.invalid("page_size must be 1.." + MAX_PAGE + ", got '" + text + "'");
    }

    /** Tokens are the hex of "p" and the offset: opaque to clients, cheap to check. */
    static String token(int offset) {
        return HexFormat.of().formatHex(("p" + offset).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static int startIndex(String token, int size) {
        if (token == null || token.isBlank() || token.equals("null")) {
            return 0;
        }
        try {
            String text = new String(HexFormat.of().parseHex(token.trim()), java.nio.charset.StandardCharsets.US_ASCII);
            if (text.startsWith("p")) {
                int offset = Integer.parseInt(text.substring(1));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw Refusal.invalid("starting_token '" + token + "' is not a token this list returned");
    }

    /** The required {@code style_group_id} query parameter of a legacy style list for {@code slug}. */
    static long styleGroupId(Context ctx, String slug) {
        String text = ctx.queryParam("style_group_id");
        if (text == null || text.isBlank()) {
            throw Refusal.invalid("style_group_id is required (GET /s2s/v1.0/task/style-group/" + slug
                    + " lists the groups)");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw Refusal.invalid("style_group_id must be an integer, got '" + text + "'");
        }
    }
}
