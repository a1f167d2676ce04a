package dev.atelier.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request for several pictures on a one-picture-per-call provider (Stability) runs its calls side by side, never
 * more than {@code MAX_PARALLEL} at once. The fake upstream holds each call at a barrier until {@code parties} calls
 * are in flight together: sequential calls would never meet there and would be answered 500.
 */
class ParallelImagesTest {
    private HttpServer server;
    private ExecutorService pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CyclicBarrier barrier;

    @BeforeEach
    void start() throws IOException {
        pool = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/v2beta/stable-image/generate/core", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        calls.incrementAndGet();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        int status = 200;
        try {
            barrier.await(60, TimeUnit.SECONDS); // a bound against a hung test, not a measurement
        } catch (Exception e) {
            status = 500;
        }
        inFlight.decrementAndGet();
        byte[] png = TestImages.png(4, 4, 0x336699);
        ex.getResponseHeaders().add("Content-Type", "image/png");
        ex.getResponseHeaders().add("finish-reason", "SUCCESS");
        ex.sendResponseHeaders(status, status == 200 ? png.length : -1);
        try (OutputStream o = ex.getResponseBody()) {
            if (status == 200) {
                o.write(png);
            }
        }
    }

    private ImageGeneration stability(int maxParallel) {
        return RemoteProviders.create(ProviderSettings.from("stability", Map.of(
                "ATELIER_PROVIDER_STABILITY_API_KEY", "sk-stab",
                "ATELIER_PROVIDER_STABILITY_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "ATELIER_PROVIDER_STABILITY_MAX_PARALLEL", Integer.toString(maxParallel))));
    }

    @Test
    void threePicturesAreThreeCallsInFlightTogether() {
        barrier = new CyclicBarrier(3);
        GenerationResult r = stability(4).generate(GenerationRequest.builder("a kite").model("stable-image-core")
                .count(3).build(), Progress.none());
        assertThat(r.images()).hasSize(3);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void neverMoreThanMaxParallelAtOnce() {
        barrier = new CyclicBarrier(2);
        double[] last = {0};
        GenerationResult r = stability(2).generate(GenerationRequest.builder("a kite").model("stable-image-core")
                .count(4).build(), (fraction, stage) -> {
                    assertThat(fraction).as("progress never goes back").isGreaterThanOrEqualTo(last[0]);
                    last[0] = fraction;
                });
        assertThat(r.images()).hasSize(4);
        assertThat(calls.get()).isEqualTo(4);
        assertThat(mostInFlight.get()).isEqualTo(2);
    }
}
