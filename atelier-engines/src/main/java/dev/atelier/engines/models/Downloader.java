package dev.atelier.engines.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP downloads into {@code .part} files that resume with a Range request after an interruption, bounded in size and
 * abandoned when the server stalls.
 */
final class Downloader implements AutoCloseable {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 64 * 1024;

    private final HttpClient client;
    private final Duration stallTimeout;
    private final ScheduledExecutorService watchdog;

    Downloader(RegistrySettings settings) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.stallTimeout = settings.stallTimeout();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atelier-download-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** HTTPS anywhere; plain HTTP only to this machine (tests, a local mirror). */
    static void checkScheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return;
        }
        throw new ModelException(ModelError.DOWNLOAD_FAILED, "refusing to download over " + scheme + ": " + uri
                + " (only HTTPS, or HTTP to localhost)");
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Literal addresses only: no DNS lookup for a name that merely looks local.
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
                return false;
            }
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A small document (npm metadata) read fully into memory, refused past {@code maxBytes}. */
    byte[] fetch(URI uri, long maxBytes) {
        checkScheme(uri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(stallTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ModelException(ModelError.DOWNLOAD_FAILED, "GET " + uri + " answered HTTP "
                            + response.statusCode());
                }
                byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (body.length > maxBytes) {
                    throw new ModelException(ModelError.TOO_LARGE, "GET " + uri + " is larger than " + maxBytes + " bytes");
                }
                return body;
            }
        } catch (IOException e) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "interrupted while fetching " + uri, e);
        }
    }

    /**
     * Downloads {@code uri} into {@code part}, continuing from the bytes already there. Returns when the server has sent
     * everything; the caller verifies the checksum. On a network failure the bytes received so far stay in
     * {@code part}, so the next call resumes.
     *
     * @param expectedSize the size the file must have, or -1 when unknown
     * @param maxBytes the download is refused once it would exceed this
     */
    void download(URI uri, Path part, long expectedSize, long maxBytes, String stage, ProgressListener listener) {
        checkScheme(uri);
        long have = Files.exists(part) ? size(part) : 0;
        if (expectedSize >= 0 && have > expectedSize) {
            deleteQuietly(part);
            have = 0;
        }
        if (expectedSize >= 0 && have == expectedSize) {
            listener.progress(stage, have, expectedSize);
            return;
        }
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(stallTimeout).GET();
            if (have > 0) {
                rb.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response = send(rb.build());
            int status = response.statusCode();
            if (status == 416 && have > 0 && attempt == 0) {
                // The part no longer matches what the server has: start over once.
                closeQuietly(response.body());
                deleteQuietly(part);
                have = 0;
                continue;
            }
            long start;
            long total;
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (status == 206 && have > 0) {
                Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                    closeQuietly(response.body());
                    throw new ModelException(ModelError.DOWNLOAD_FAILED, "GET " + uri
                            + " answered a range that does not continue the partial download");
                }
                start = have;
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (status == 200) {
                start = 0;
                total = length;
            } else {
                closeQuietly(response.body());
                throw new ModelException(ModelError.DOWNLOAD_FAILED, "GET " + uri + " answered HTTP " + status);
            }
            if (total < 0 && expectedSize >= 0) {
                total = expectedSize;
            }
            if (total > maxBytes || (expectedSize >= 0 && total >= 0 && total != expectedSize)) {
                closeQuietly(response.body());
                throw new ModelException(total > maxBytes ? ModelError.TOO_LARGE : ModelError.CHECKSUM_MISMATCH,
                        "GET " + uri + " has " + total + " bytes, expected " + (expectedSize >= 0 ? expectedSize
                                : "at most " + maxBytes));
            }
            copy(uri, response.body(), part, start, total, maxBytes, stage, listener);
            return;
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "GET " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "interrupted while fetching " + request.uri(), e);
        }
    }

    private void copy(URI uri, InputStream body, Path part, long start, long total, long maxBytes, String stage,
            ProgressListener listener) {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long period = Math.max(1, stallTimeout.toMillis() / 4);
        ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastByte.get() > stallTimeout.toNanos()) {
                stalled.set(true);
                closeQuietly(body);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long done = start;
        StandardOpenOption mode = start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buf = new byte[BUFFER];
            listener.progress(stage, done, total);
            for (int n; (n = in.read(buf)) >= 0; ) {
                lastByte.set(System.nanoTime());
                if (done + n > maxBytes || (total >= 0 && done + n > total)) {
                    throw new ModelException(ModelError.TOO_LARGE, "GET " + uri + " sent more than "
                            + (total >= 0 ? total : maxBytes) + " bytes");
                }
                out.write(buf, 0, n);
                done += n;
                listener.progress(stage, done, total);
            }
        } catch (IOException e) {
            String why = stalled.get() ? "stalled for " + stallTimeout.toSeconds() + " s" : e.toString();
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "download of " + uri + " interrupted after " + done
                    + " bytes (" + why + "); pull again to resume", e);
        } finally {
            check.cancel(false);
        }
        if (total >= 0 && done != total) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "download of " + uri + " ended after " + done + " of "
                    + total + " bytes; pull again to resume");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read " + p + ": " + e, e);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover part file is overwritten or resumed later
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the response is abandoned anyway
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.close();
    }
}
