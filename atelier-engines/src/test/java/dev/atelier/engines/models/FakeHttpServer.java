package dev.atelier.engines.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server on port 0 that serves byte arrays by path, honours Range requests, and can cut a response
 * short once (to simulate an interrupted download). Records every request it sees.
 */
final class FakeHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    record Request(String path, String range) {}

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> announcedLength = new ConcurrentHashMap<>();
    private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger bytesServed = new AtomicInteger();

    FakeHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // One thread per exchange: a stalled response must not hold up the next request.
        server.setExecutor(executor);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void put(String path, byte[] body) {
        files.put(path, body);
    }

    void put(String path, String body) {
        put(path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The next response for {@code path} announces the full length but sends only {@code bytes} bytes. */
    void cutNextAfter(String path, int bytes) {
        cutAfter.put(path, bytes);
    }

    /** Responses for {@code path} announce this Content-Length instead of the real one (a lying server). */
    void announceLength(String path, long length) {
        announcedLength.put(path, length);
    }

    /** The next response for {@code path} sends {@code bytes} bytes, then nothing until the server closes. */
    void stallNextAfter(String path, int bytes) {
        stallAfter.put(path, bytes);
    }

    long requestsFor(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        byte[] body = files.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        int start = 0;
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                start = Integer.parseInt(m.group(1));
                if (start >= body.length) {
                    ex.sendResponseHeaders(416, -1);
                    ex.close();
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
        }
        long length = announcedLength.getOrDefault(path, (long) (body.length - start));
        Integer cut = cutAfter.remove(path);
        Integer stall = stallAfter.remove(path);
        if (stall != null) {
            ex.sendResponseHeaders(status, length);
            OutputStream out = ex.getResponseBody();
            out.write(body, start, stall);
            out.flush();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (cut != null) {
            ex.getResponseHeaders().add("Connection", "close");
        }
        ex.sendResponseHeaders(status, length);
        int end = cut == null ? body.length : Math.min(body.length, start + cut);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body, start, end - start);
            bytesServed.addAndGet(end - start);
            out.flush();
            if (cut != null) {
                // Thrown out of the handler so the server drops the connection: the client sees a truncated body.
                throw new IOException("simulated interruption");
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
