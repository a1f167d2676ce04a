package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.generate.TemplateCatalogue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The AI Image Generator catalogue routes (CONTRACTS A.6): the V1 template list
 * ({@code GET /s2s/v2.0/task/template/text-to-image}) and the legacy style groups and styles
 * ({@code GET /s2s/v1.0/task/style-group/text-to-image}, {@code GET /s2s/v1.0/task/style/text-to-image}). Pages hold
 * {@code page_size} items (1..20, default 20); {@code next_token} is opaque and {@code null} on the last page.
 * Installed before {@link YouCamApi}, whose task routes would otherwise take these paths.
 */
public final class GeneratorCatalogueApi {
    static final int MAX_PAGE = 20;

    private final Credentials credentials;
    private final TemplateCatalogue catalogue;

    public GeneratorCatalogueApi(Credentials credentials, TemplateCatalogue catalogue) {
        this.credentials = credentials;
        this.catalogue = catalogue;
    }

    public void install(RoutesConfig routes) {
        routes.get("/s2s/v2.0/task/template/text-to-image", this::templates);
        routes.get("/s2s/v1.0/task/style-group/text-to-image", this::styleGroups);
        routes.get("/s2s/v1.0/task/style/text-to-image", this::styles);
    }

    private void templates(Context ctx) {
        credentials.authenticate(ctx.header("Authorization"), false);
        Map<String, Object> data = page(ctx, catalogue.templates(), "templates", t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("thumb", t.thumb());
            m.put("title", t.title());
            m.put("category_name", t.categoryName());
            return m;
        });
        ctx.json(Envelope.v2(data));
    }

    private void styleGroups(Context ctx) {
        credentials.authenticate(ctx.header("Authorization"), true);
        ctx.json(Envelope.legacy(page(ctx, catalogue.groups(), "groups", g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.id());
            m.put("title", g.title());
            return m;
        })));
    }

    private void styles(Context ctx) {
        credentials.authenticate(ctx.header("Authorization"), true);
        String groupText = ctx.queryParam("style_group_id");
        if (groupText == null || groupText.isBlank()) {
            throw ApiException.invalid("style_group_id is required (GET /s2s/v1.0/task/style-group/text-to-image "
                    + "lists the groups)");
        }
        long groupId;
        try {
            groupId = Long.parseLong(groupText.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("style_group_id must be an integer, got '" + groupText + "'");
        }
        TemplateCatalogue.StyleGroup group = catalogue.group(groupId).orElseThrow(() -> new ApiException(
                ErrorCode.INVALID_STYLE_GROUP, "style_group_id " + groupId + " is not a style group"));
        ctx.json(Envelope.legacy(page(ctx, group.styles(), "styles", s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("thumb", s.thumb());
            return m;
        })));
    }

    private static <T> Map<String, Object> page(Context ctx, List<T> all, String key,
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
        throw ApiException.invalid("page_size must be 1.." + MAX_PAGE + ", got '" + text + "'");
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
        throw ApiException.invalid("starting_token '" + token + "' is not a token this list returned");
    }
}
