package dev.atelier.server.ops;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Routes for operators: liveness ({@code /healthz}), readiness ({@code /readyz}, 503 while starting and while
 * draining on shutdown, so a load balancer stops sending work first), Prometheus metrics and the OpenAPI document.
 */
public final class Operations {
    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry metrics;
    private final byte[] openApi;

    public Operations(BooleanSupplier ready, PrometheusMeterRegistry metrics) {
        this.ready = ready;
        this.metrics = metrics;
        this.openApi = resource("/openapi.yaml");
    }

    public void install(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/readyz", this::readiness);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
    }

    private void readiness(Context ctx) {
        if (ready.getAsBoolean()) {
            ctx.json(Map.of("status", "ready"));
        } else {
            ctx.status(503).json(Map.of("status", "unavailable"));
        }
    }

    /** The OpenAPI document shipped with the server. */
    public static byte[] openApiDocument() {
        return resource("/openapi.yaml");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Operations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
