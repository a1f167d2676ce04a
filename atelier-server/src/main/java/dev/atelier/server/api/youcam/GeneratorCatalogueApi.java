package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.effects.generate.TemplateCatalogue;
import dev.atelier.server.effects.generate.TemplateThumbs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> data = Pages.page(ctx, list, "templates", t -> {
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
        ctx.json(Envelope.legacy(Pages.page(ctx, catalogue.groups(), "groups", g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.id());
            m.put("title", g.title());
            return m;
        })));
    }

    private void styles(Context ctx) {
        credentials.authenticate(ctx.header("Authorization"), true);
        long groupId = Pages.styleGroupId(ctx, "text-to-image");
        TemplateCatalogue.StyleGroup group = catalogue.group(groupId).orElseThrow(() -> new Refusal(
                RefusalCode.INVALID_STYLE_GROUP, "style_group_id " + groupId + " is not a style group"));
        ctx.json(Envelope.legacy(Pages.page(ctx, group.styles(), "styles", s -> {
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
            throw new Refusal(RefusalCode.NOT_FOUND, "no template preview named '" + file + "'");
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
}
