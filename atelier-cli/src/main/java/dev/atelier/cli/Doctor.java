package dev.atelier.cli;

import dev.atelier.engines.Availability;
import dev.atelier.engines.models.ModelInfo;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ModelState;
import dev.atelier.engines.remote.ProviderModel;
import dev.atelier.engines.remote.ProviderSettings;
import dev.atelier.imaging.NativeCodecs;
import dev.atelier.server.config.Settings;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.files.BlobSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What this machine can do, in one place: the JDK, the native codecs, the installed models, the configured
 * providers, the database and blob store in use, and for every feature whether it is ready or what it misses and the
 * one command that enables it. Read-only: it opens no database, starts no engine and downloads nothing.
 *
 * <p>Feature availability is the effects' own ({@link Effect#availability()}), the same answer the server's
 * {@code GET /s2s/v2.0/features} gives, so the doctor cannot disagree with the server.
 */
final class Doctor {
    private Doctor() {}

    /** The report as JSON-ready maps (the {@code --json} output); {@link #print} renders the same data as text. */
    static Map<String, Object> report(Settings settings, ModelRegistry models, Effects effects) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("jdk", Map.of("version", Runtime.version().toString(), "vendor", System.getProperty("java.vendor"),
                "home", System.getProperty("java.home")));
        r.put("codecs", NativeCodecs.all().stream().map(Doctor::codec).toList());
        r.put("models", models(settings, models));
        r.put("providers", providers(settings));
        r.put("database", database(settings.databaseUrl()));
        r.put("blob_store", blobStore(settings));
        List<Map<String, Object>> features = effects.all().stream().map(Doctor::feature).toList();
        long ready = features.stream().filter(f -> Boolean.TRUE.equals(f.get("ready"))).count();
        r.put("features", features);
        r.put("summary", Map.of("features_ready", ready, "features_not_ready", features.size() - ready));
        return r;
    }

    private static Map<String, Object> codec(NativeCodecs.Codec c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("library", c.soname());
        m.put("found", c.found());
        m.put("gives", c.gives());
        if (!c.found()) {
            m.put("remedy", "apt-get install " + c.debianPackage());
        }
        return m;
    }

    private static Map<String, Object> models(Settings settings, ModelRegistry registry) {
        List<ModelInfo> all = registry.list();
        List<Map<String, Object>> installed = new ArrayList<>();
        for (ModelInfo m : all) {
            if (m.state() != ModelState.MISSING) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("id", m.id());
                j.put("state", m.state().wireName());
                j.put("capability", m.capability().name().toLowerCase(Locale.ROOT));
                j.put("size", m.size());
                installed.add(j);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", settings.modelsDir().toString());
        m.put("known", all.size());
        m.put("installed", installed);
        return m;
    }

    private static List<Map<String, Object>> providers(Settings settings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderSettings p : ProviderSettings.allFrom(GenerationSettings.from(settings.source()).providerEnv())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("type", p.type().name().toLowerCase(Locale.ROOT));
            boolean configured = p.enabled() && (p.apiKey() != null || !p.keyRequired()) && p.baseUrl() != null;
            m.put("configured", configured);
            if (configured) {
                m.put("base_url", p.baseUrl().toString());
                m.put("models", p.models().stream().map(ProviderModel::name).toList());
            } else {
                m.put("remedy", !p.enabled() ? "unset " + ProviderSettings.key(p.name(), "ENABLED")
                        : p.baseUrl() == null ? "export " + ProviderSettings.key(p.name(), "BASE_URL") + "=…"
                        : "export " + ProviderSettings.key(p.name(), "API_KEY") + "=…");
            }
            out.add(m);
        }
        return out;
    }

    /** The JDBC URL without its credentials: a password in the URL must not reach a terminal or a log. */
    static Map<String, Object> database(String url) {
        String kind = url.startsWith("jdbc:postgresql:") ? "postgresql" : url.startsWith("jdbc:sqlite:") ? "sqlite"
                : "other";
        String shown = url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@]*)@", "//***@");
        return Map.of("kind", kind, "url", shown);
    }

    private static Map<String, Object> blobStore(Settings settings) {
        BlobSettings b = BlobSettings.from(settings.source());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", b.kind());
        if (b.isS3()) {
            m.put("bucket", b.s3Bucket());
            m.put("endpoint", b.s3Endpoint().map(Object::toString).orElse("AWS (" + b.s3Region() + ")"));
        } else {
            m.put("dir", settings.dataDir().resolve("blobs").toString());
        }
        return m;
    }

    private static Map<String, Object> feature(Effect effect) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature", effect.spec().feature());
        m.put("summary", effect.spec().summary());
        switch (effect.availability()) {
            case Availability.Available ok -> m.put("ready", true);
            case Availability.Missing missing -> {
                m.put("ready", false);
                m.put("missing", missing.missing());
                m.put("remedy", missing.remedy());
            }
        }
        return m;
    }

    /** The text form: one aligned line per fact, the features last with what each needs. */
    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> r, PrintStream out) {
        Map<String, Object> jdk = (Map<String, Object>) r.get("jdk");
        out.println("JDK          " + jdk.get("version") + " (" + jdk.get("vendor") + ")");
        for (Map<String, Object> c : (List<Map<String, Object>>) r.get("codecs")) {
            out.printf("%-12s %s%n", c.get("name"), Boolean.TRUE.equals(c.get("found")) ? "found: " + c.get("gives")
                    : "missing (" + c.get("gives") + "): " + c.get("remedy"));
        }
        Map<String, Object> models = (Map<String, Object>) r.get("models");
        List<Map<String, Object>> installed = (List<Map<String, Object>>) models.get("installed");
        out.println("Models       " + installed.size() + " of " + models.get("known") + " installed in "
                + models.get("dir") + (installed.isEmpty() ? "" : ": " + String.join(", ",
                        installed.stream().map(m -> m.get("id") + ("installed".equals(m.get("state")) ? ""
                                : " (" + m.get("state") + ")")).toList())));
        List<String> configured = ((List<Map<String, Object>>) r.get("providers")).stream()
                .filter(p -> Boolean.TRUE.equals(p.get("configured"))).map(p -> (String) p.get("name")).toList();
        out.println("Providers    " + (configured.isEmpty()
                ? "none configured (e.g. export ATELIER_PROVIDER_OPENAI_API_KEY=…)" : String.join(", ", configured)));
        Map<String, Object> db = (Map<String, Object>) r.get("database");
        out.println("Database     " + db.get("kind") + ": " + db.get("url"));
        Map<String, Object> blobs = (Map<String, Object>) r.get("blob_store");
        out.println("Blob store   " + blobs.get("kind") + ": " + (blobs.containsKey("dir") ? blobs.get("dir")
                : blobs.get("bucket") + " at " + blobs.get("endpoint")));
        List<Map<String, Object>> features = (List<Map<String, Object>>) r.get("features");
        Map<String, Object> summary = (Map<String, Object>) r.get("summary");
        out.println();
        out.println("Features     " + summary.get("features_ready") + " of " + features.size() + " ready");
        int width = features.stream().mapToInt(f -> ((String) f.get("feature")).length()).max().orElse(0);
        for (Map<String, Object> f : features) {
            String name = (String) f.get("feature");
            if (Boolean.TRUE.equals(f.get("ready"))) {
                out.printf("  %-" + width + "s  ready%n", name);
            } else {
                out.printf("  %-" + width + "s  missing: %s%n  %-" + width + "s  enable:  %s%n", name,
                        f.get("missing"), "", f.get("remedy"));
            }
        }
    }
}
