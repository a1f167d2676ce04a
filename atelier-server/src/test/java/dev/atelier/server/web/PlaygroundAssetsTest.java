package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.errors.RefusalCode;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The playground's files: how they are served, and static checks that keep them self-contained. */
class PlaygroundAssetsTest {
    private static TestServer server;
    private static final Map<String, Playground.Asset> ASSETS = Playground.load();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String text(String name) {
        return new String(ASSETS.get(name).body(), StandardCharsets.UTF_8);
    }

    @Test
    void thePageIsServedAtTheRootWithAStrictContentSecurityPolicy() {
        TestClient.Response r = server.anonymous().get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.text()).contains("<script type=\"module\" src=\"/ui/app.js\">");
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "script-src 'self';", "style-src 'self';",
                "connect-src 'self' " + server.baseUrl() + " blob:;", "frame-ancestors 'none'", "base-uri 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void anUnchangedFileIsRevalidatedWithA304AndNoBody() {
        TestClient.Response first = server.anonymous().get("/ui/app.js");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Type")).startsWith("text/javascript");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        TestClient.Response again = server.anonymous().get("/ui/app.js", Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        TestClient.Response other = server.anonymous().get("/ui/app.js", Map.of("If-None-Match", "\"stale\""));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body());
    }

    @Test
    void anUnknownFileIsNotFoundInTheErrorShape() {
        TestClient.Response r = server.anonymous().get("/ui/nothing-here.js");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("error_code").asString()).isEqualTo("NotFound");
    }

    /** No file names another host: no URL, no protocol-relative reference, no CSS url() or @import. */
    @Test
    void noFileReferencesAnotherHost() {
        Pattern url = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}|(?-i:\\burl\\()|@import");
        assertThat(ASSETS).containsKeys("index.html", "ui/app.js", "ui/style.css", "ui/mask-brush.js");
        ASSETS.forEach((name, asset) -> {
            if (asset.contentType().startsWith("image/") && !name.endsWith(".svg")) {
                return; // a photo's bytes name nothing
            }
            String body = new String(asset.body(), StandardCharsets.UTF_8)
                    .replace("xmlns=\"http://www.w3.org/2000/svg\"", ""); // an XML namespace name, never fetched
            Matcher m = url.matcher(body);
            assertThat(m.find()).as("%s refers elsewhere: %s", name, m.find(0) ? m.group() : "").isFalse();
        });
    }

    /** Every relative import of every module is a file the server serves, so no module fails to load. */
    @Test
    void everyModuleImportIsServed() {
        Pattern from = Pattern.compile("from '\\./([^']+)'");
        int imports = 0;
        for (String name : ASSETS.keySet()) {
            if (!name.endsWith(".js")) {
                continue;
            }
            Matcher m = from.matcher(text(name));
            while (m.find()) {
                assertThat(ASSETS).as("%s imports %s", name, m.group(1)).containsKey("ui/" + m.group(1));
                imports++;
            }
        }
        assertThat(imports).isGreaterThan(10);
    }

    /** Every code the server can send is explained in words on the page. */
    @Test
    void everyErrorCodeTheServerSendsIsExplainedInWords() {
        String errors = text("ui/errors.js");
        for (RefusalCode c : RefusalCode.values()) {
            assertThat(errors).as("request code %s", dev.atelier.server.api.YouCamErrors.wireCode(c)).containsPattern("\\n  " + dev.atelier.server.api.YouCamErrors.wireCode(c) + ": '");
        }
        for (EngineCode e : EngineCode.values()) {
            assertThat(errors).as("engine code %s", e.wire()).containsPattern("\\n  " + e.wire() + ": '");
        }
    }
}
