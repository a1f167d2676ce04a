package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.generate.TemplateCatalogue;
import dev.atelier.server.effects.generate.TemplateThumbs;
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
 * ({@code GET /s2s/v2.0/task/template/text-to-image}), Atelier's image-to-image template list (classical filters
 * and prompt templates, {@code GET /s2s/v2.0/task/template/image-to-image/youcam}), the classical templates' public
 * previews ({@code GET /thumbs/templates/<id>.jpg}) and the legacy style groups and styles
 * ({@code GET /s2s/v1.0/task/style-group/text-to-image}, {@code GET /s2s/v1.0/task/style/text-to-image}). Pages hold
 * {@code page_size} items (1..20, default 20); {@code next_token} is opaque and {@code null} on the last page.
 * Installed before {@link YouCamApi}, whose task routes would otherwise take these paths.
 */
public final class GeneratorCatalogueApi {
    static final int MAX_PAGE = 20;

    private final Credentials credentials;
    private final TemplateCatalogue catalogue;
    private final TemplateThumbs thumbs;

    public GeneratorCatalogueApi(Credentials credentials, TemplateCatalogue catalogue, TemplateThumbs thumbs) {
        this.credentials = credentials;
        this.catalogue = catalogue;
        this.thumbs = thumbs;
    }

    public void install(RoutesConfig routes) {
        routes.get("/s2s/v2.0/task/template/text-to-image", ctx -> templates(ctx, catalogue.templates()));
        routes.get("/s2s/v2.0/task/template/image-to-image/youcam", ctx -> templates(ctx, catalogue.imageTemplates()));
        routes.get(TemplateThumbs.PATH_PREFIX + "{file}", this::thumb);
        routes.get("/s2s/v1.0/task/style-group/text-to-image", this::styleGroups);
        routes.get("/s2s/v1.0/task/style/text-to-image", this::styles);
    }

    private void templates(Context ctx, List<TemplateCatalogue.Template> list) {
        credentials.authenticate(ctx.header("Authorization"), false);
        Map<String, Object> data = page(ctx, list, "templates", t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("thumb", thumbs.url(t));
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
            m.put("thumb", thumbs.url(s));
            return m;
        })));
    }

    /**
     * A classical template's preview: public (a thumbnail is shown before any key is typed, and it holds no one's
     * data) and cacheable for a day; its ETag is the content hash.
     */
    private void thumb(Context ctx) {
        String file = ctx.pathParam("file");
        byte[] jpeg = file.endsWith(".jpg") ? thumbs.jpeg(file.substring(0, file.length() - 4)).orElse(null) : null;
        if (jpeg == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no template preview named '" + file + "'");
        }
        String etag = "\"" + HexFormat.of().formatHex(sha256(jpeg), 0, 8) + "\"";
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("image/jpeg").result(jpeg);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
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
