package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.generate.TemplateCatalogue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AI Image Generator catalogue routes (CONTRACTS A.6): the V1 template list
 * ({@code GET /s2s/v2.0/task/template/text-to-image}) and the legacy style groups and styles
 * ({@code GET /s2s/v1.0/task/style-group/text-to-image}, {@code GET /s2s/v1.0/task/style/text-to-image}). Pages hold
 * {@code page_size} items (1..20, default 20); {@code next_token} is opaque and {@code null} on the last page.
 * Installed before {@link YouCamApi}, whose task routes would otherwise take these paths.
 */
public final class GeneratorCatalogueApi {
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
        Map<String, Object> data = Pages.page(ctx, catalogue.templates(), "templates", t -> {
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
        TemplateCatalogue.StyleGroup group = catalogue.group(groupId).orElseThrow(() -> new ApiException(
                ErrorCode.INVALID_STYLE_GROUP, "style_group_id " + groupId + " is not a style group"));
        ctx.json(Envelope.legacy(Pages.page(ctx, group.styles(), "styles", s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("thumb", s.thumb());
            return m;
        })));
    }
}
