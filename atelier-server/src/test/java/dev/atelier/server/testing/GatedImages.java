package dev.atelier.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback image server whose answers wait until the test opens the gate: a task whose input is
 * {@link #url()} stays running (in its download) exactly as long as the test wants. Needs
 * {@code ATELIER_FETCH_ALLOWLIST=127.0.0.1}.
 */
public final class GatedImages implements AutoCloseable {
    private final HttpServer http;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch requested = new CountDownLatch(1);

    public GatedImages(byte[] jpeg) {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/gated.jpg", exchange -> {
            requested.countDown();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jpeg);
            }
        });
        http.start();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/gated.jpg";
    }

    /** Waits until a task asked for the image (it is running now). */
    public void awaitRequested() throws InterruptedException {
        if (!requested.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("no task fetched the gated image within 60 s");
        }
    }

    public void open() {
        gate.countDown();
    }

    @Override
    public void close() {
        gate.countDown();
        http.stop(0);
    }
}
