package dev.atelier.server.web;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.security.ServerSecret;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Serves the playground's static files from the classpath folder {@code web/}: {@code index.html} at {@code /} and
 * everything under {@code web/ui/} at {@code /ui/<name>}.
 *
 * <p>Files are read once at start. There is no build step and so no content-hashed file names: every response carries
 * a strong ETag of its bytes and {@code Cache-Control: no-cache}, so browsers revalidate (a 304 with no body) and
 * never run a stale script after an upgrade. Every response also carries a Content-Security-Policy that allows
 * scripts, styles and connections only to this server (and its public URL; {@code blob:} for the page's own object
 * URLs), so the page cannot load or send anything elsewhere even if a bug tried to.
 */
public final class Playground {
    private static final String ROOT = "web";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "png", "image/png",
            "jpg", "image/jpeg",
            "txt", "text/plain; charset=utf-8");

    /** One file: bytes, content type and ETag. */
    record Asset(byte[] body, String contentType, String etag) {}

    private final Map<String, Asset> assets;
    private final Supplier<String> publicBaseUrl;

    /** {@code publicBaseUrl} is the base of the signed URLs the API hands out; the page may connect to it. */
    public Playground(Supplier<String> publicBaseUrl) {
        this.assets = load();
        this.publicBaseUrl = publicBaseUrl;
    }

    public void install(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        routes.get("/ui/{asset}", ctx -> serve(ctx, "ui/" + ctx.pathParam("asset")));
    }

    private void serve(Context ctx, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            throw new Refusal(RefusalCode.NOT_FOUND, "No playground file " + name);
        }
        ctx.header("Content-Security-Policy", contentSecurityPolicy());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer"); // signed URLs must not leak through Referer
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (matches(ctx.header("If-None-Match"), asset.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType());
        ctx.result(asset.body());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** The policy of every playground response: this server only, no inline script or style, no framing. */
    String contentSecurityPolicy() {
        String self = "'self'";
        String publicOrigin = origin(publicBaseUrl.get());
        String server = publicOrigin == null ? self : self + " " + publicOrigin;
        // Images: the page's own object URLs, and template thumbnails the API links on this server's public URL.
        // Media: the video pages play the chosen file and the downloaded result from object URLs only.
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + server + " blob:; "
                + "media-src blob:; "
                + "connect-src " + server + " blob:; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    private static String origin(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    Map<String, Asset> assets() {
        return assets;
    }

    /** Reads every file under {@code web/} from the classpath, whether the classes are a folder or a jar. */
    static Map<String, Asset> load() {
        URL index = Playground.class.getClassLoader().getResource(ROOT + "/index.html");
        if (index == null) {
            throw new IllegalStateException(ROOT + "/index.html is missing from the server's classpath");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return read(fs.provider().getPath(uri).getParent());
            }
            return read(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the playground files: " + e.getMessage(), e);
        }
    }

    private static Map<String, Asset> read(Path root) throws IOException {
        Map<String, Asset> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                String type = TYPES.get(ext);
                if (type == null) {
                    throw new IllegalStateException("playground file " + name + " has no known content type");
                }
                byte[] body = Files.readAllBytes(p);
                out.put(name, new Asset(body, type, "\"" + ServerSecret.sha256Hex(body).substring(0, 32) + "\""));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }
}
