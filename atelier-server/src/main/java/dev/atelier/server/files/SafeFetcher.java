package dev.atelier.server.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads a client-named URL within limits: http(s) only, every hop (redirects are followed by hand, at most
 * {@code maxRedirects}) checked by the {@link AddressGuard}, a total time budget, and a byte limit enforced while
 * reading (a lying {@code Content-Length} does not help). Pictures come back as bytes; videos (up to 100 MB) are
 * streamed to a file ({@link #fetchTo}) so a download never sits in the heap.
 *
 * <p>The guard resolves the name just before the request; the JDK caches that answer for 30 s, so the HTTP client
 * connects to the address that was checked (a DNS-rebinding answer arrives too late to matter).
 */
public final class SafeFetcher {
    /** What a download produced. */
    public record Fetched(byte[] bytes, String contentType) {}

    /** A download failed; the message says why in words a client can act on. */
    public static final class FetchException extends Exception {
        public FetchException(String message) {
            super(message);
        }
    }

    private final AddressGuard guard;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxRedirects;

    public SafeFetcher(AddressGuard guard, Duration timeout, int maxRedirects) {
        this.guard = guard;
        this.timeout = timeout;
        this.maxRedirects = maxRedirects;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                .build();
    }

    public Fetched fetch(String url, long maxBytes) throws FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String type = download(url, maxBytes, out);
        return new Fetched(out.toByteArray(), type);
    }

    /**
     * Streams the download into {@code target} (created or replaced) through a 64 KiB buffer; on any failure the
     * partial file is deleted.
     *
     * @return the response's {@code Content-Type} (empty when none)
     */
    public String fetchTo(String url, long maxBytes, Path target) throws FetchException, IOException {
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(target)) {
            String type = download(url, maxBytes, out);
            done = true;
            return type;
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    private String download(String url, long maxBytes, OutputStream sink) throws FetchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = parse(url);
        for (int hop = 0; hop <= maxRedirects; hop++) {
            checkTarget(uri);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FetchException("downloading " + url + " took longer than " + timeout.toSeconds() + " s");
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left))
                    .header("User-Agent", "Atelier/0.1 (+input fetch)").GET().build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new FetchException("cannot download " + url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("download of " + url + " was interrupted");
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                closeQuietly(response.body());
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new FetchException(url + " answered " + status + " without a Location"));
                uri = uri.resolve(location);
                continue;
            }
            try (InputStream body = response.body()) {
                if (status != 200) {
                    throw new FetchException(uri + " answered HTTP " + status);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw new FetchException(uri + " is " + declared + " bytes; the limit is " + maxBytes);
                }
                copyAtMost(body, maxBytes, uri, sink, deadline);
                return response.headers().firstValue("Content-Type").orElse("");
            } catch (IOException e) {
                throw new FetchException("cannot download " + uri + ": " + e.getMessage());
            }
        }
        throw new FetchException(url + " redirected more than " + maxRedirects + " times");
    }

    private static URI parse(String url) throws FetchException {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new FetchException("'" + url + "' is not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FetchException("'" + url + "' is not a valid URL");
        }
    }

    private void checkTarget(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("only http and https URLs can be fetched, not '" + scheme + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new FetchException("URLs with credentials are not fetched");
        }
        try {
            guard.check(uri.getHost());
        } catch (AddressGuard.BlockedAddressException e) {
            throw new FetchException(e.getMessage());
        } catch (java.net.UnknownHostException e) {
            throw new FetchException("unknown host " + uri.getHost());
        }
    }

    /** The byte limit and the time budget hold while the body streams (a slow drip ends at the next chunk). */
    private void copyAtMost(InputStream in, long maxBytes, URI uri, OutputStream out, long deadline)
            throws IOException, FetchException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new FetchException(uri + " is larger than the limit of " + maxBytes + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new FetchException("downloading " + uri + " took longer than " + timeout.toSeconds() + " s");
            }
            out.write(buf, 0, n);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the redirect body is not needed
        }
    }
}
