package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.effects.hair.HairCatalogue;
import dev.atelier.server.effects.hair.HairEffects;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hair template lists (CONTRACTS A.5: {@code GET /s2s/v2.0/task/template/hair-style}, {@code …/hair-ext},
 * {@code …/hair-bang}, {@code …/hair-vol}, {@code …/wig}, {@code GET /s2s/v2.1/task/template/hair-transfer}) and the
 * legacy style groups and styles of the hair slugs ({@code GET /s2s/v1.0/task/style-group/<slug>},
 * {@code GET /s2s/v1.0/task/style/<slug>?style_group_id=}). Installed before the YouCam task routes, which would
 * otherwise take these paths.
 */
public final class HairCatalogueApi {
    private final Credentials credentials;
    private final HairCatalogue catalogue;

    public HairCatalogueApi(Credentials credentials, HairCatalogue catalogue) {
        this.credentials = credentials;
        this.catalogue = catalogue;
    }

    public void install(RoutesConfig routes) {
        for (HairEffects.Listing l : HairEffects.TEMPLATE_ROUTES) {
            routes.get(l.key(), ctx -> templates(ctx, l.list()));
        }
        for (HairEffects.Listing l : HairEffects.LEGACY_SLUGS) {
            routes.get("/s2s/v1.0/task/style-group/" + l.key(), ctx -> groups(ctx, l.list()));
            routes.get("/s2s/v1.0/task/style/" + l.key(), ctx -> styles(ctx, l.key(), l.list()));
        }
    }

    private void templates(Context ctx, String list) {
        credentials.authenticate(ctx.header("Authorization"), false);
        ctx.json(Envelope.v2(Pages.page(ctx, catalogue.templates(list), "templates", t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("thumb", t.thumb());
            m.put("title", t.title());
            m.put("category_name", t.categoryName());
            if (t.keepUsersColor() != null) {
                m.put("keep_users_color", t.keepUsersColor());
            }
            return m;
        })));
    }

    private void groups(Context ctx, String list) {
        credentials.authenticate(ctx.header("Authorization"), true);
        ctx.json(Envelope.legacy(Pages.page(ctx, catalogue.groups(list), "groups", g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.id());
            m.put("title", g.title());
            return m;
        })));
    }

    private void styles(Context ctx, String slug, String list) {
        credentials.authenticate(ctx.header("Authorization"), true);
        long id = Pages.styleGroupId(ctx, slug);
        HairCatalogue.Group group = catalogue.group(list, id).orElseThrow(() -> new Refusal(
                RefusalCode.INVALID_STYLE_GROUP, "style_group_id " + id + " is not a style group of " + slug));
        ctx.json(Envelope.legacy(Pages.page(ctx, group.templates(), "styles", t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.styleId());
            m.put("title", t.title());
            m.put("thumb", t.thumb());
            return m;
        })));
    }
}
