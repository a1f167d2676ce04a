package dev.atelier.server;

import dev.atelier.server.api.Envelope;
import dev.atelier.server.api.YouCamErrors;
import dev.atelier.server.api.openai.OpenAiApi;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.json.Json;
import dev.atelier.server.ops.RequestIds;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson3;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP route and filter of a node, installed in one place: {@code main} ({@code atelier serve}) and the tests
 * start the same {@link AtelierServer}, which calls {@link #install} once. Route order does not matter: the YouCam
 * task routes are registered per effect path (no catch-all shadows {@code task/delete}, the event streams or the
 * template lists), and a task path no effect claims is answered by the 404 handler in YouCam's words.
 */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    /** Connections the kernel holds for the server to accept (the listen backlog). */
    private static final int ACCEPT_QUEUE = 1024;

    private Routes() {}

    static void install(JavalinConfig config, Components c) {
        server(config, c);
        if (!c.role.servesApi()) {
            config.routes.before(Routes::workerServesOnlyOperations);
        }
        filters(config, c);
        errors(config, c);
        c.hairCatalogue.install(config.routes);
        c.generatorCatalogue.install(config.routes);
        c.accounts.install(config.routes);
        c.taskEvents.install(config.routes);
        c.youcam.install(config.routes);
        c.ops.install(config.routes);
        c.features.install(config.routes);
        c.playground.install(config.routes);
        c.previews.install(config.routes);
        c.adminAuth.install(config.routes); // a before-filter: guards every /admin/* route
        c.webhookAdmin.install(config.routes);
        c.accountAdmin.install(config.routes);
        c.modelAdmin.install(config.routes);
        c.openAi.install(config);
    }

    private static void server(JavalinConfig config, Components c) {
        config.startup.showJavalinBanner = false;
        config.concurrency.useVirtualThreads = true;
        config.jetty.host = c.settings.host();
        config.jetty.port = c.settings.port();
        // A burst of clients connecting at once must queue in the kernel, not be reset: the JVM's default backlog
        // of 50 overflows when a few hundred clients (or one client's parallel uploads) arrive together.
        config.jetty.modifyServer(server -> server.addEventListener(
                new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                        for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
                            if (connector instanceof org.eclipse.jetty.server.ServerConnector sc) {
                                sc.setAcceptQueueSize(ACCEPT_QUEUE);
                            }
                        }
                    }
                }));
        config.http.maxRequestSize = 1 << 20; // JSON bodies; uploads stream past this limit
        config.http.prefer405over404 = true; // a known path with another method is 405, not 404
        // errors Jetty answers before any route (431, unparsable request lines) in the family's envelope
        config.jetty.modifyServer(server -> server.setErrorHandler(new HttpLayerErrors()));
        config.jsonMapper(new JavalinJackson3(Json.MAPPER, false));
        config.router.ignoreTrailingSlashes = true;
    }

    private static void filters(JavalinConfig config, Components c) {
        RequestIds requestIds = new RequestIds();
        config.routes.before(ctx -> {
            ctx.header("x-request-id", Long.toString(requestIds.next()));
            ctx.attribute("atelier.start", System.nanoTime());
        });
        c.rateLimits.install(config.routes); // after the request id: a 429 carries one too
        config.routes.after(ctx -> {
            Long start = ctx.attribute("atelier.start");
            io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            if (start != null) {
                // label by route template, never by raw path (ids would explode the series count)
                String route = ctx.attribute("atelier.route");
                Timer.builder("atelier_http_request_seconds")
                        .tag("method", ctx.method().name())
                        .tag("route", route != null ? route : matched == null ? "unmatched" : matched.path)
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(c.meters)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
    }

    private static void errors(JavalinConfig config, Components c) {
        config.routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, e));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Envelope.error(RefusalCode.INTERNAL,
                    "Internal error; x-request-id " + ctx.res().getHeader("x-request-id") + " is in the server log"));
        });
        // Javalin's own early answers (a body over the request limit: 413) in the family's envelope
        config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 404 || e.getStatus() == 405) {
                ctx.status(e.getStatus()); // no route: the error handlers below answer
                return;
            }
            refuse(ctx, new Refusal(HttpLayerErrors.codeFor(e.getStatus()), e.getMessage()));
        });
        config.routes.error(404, ctx -> {
            if (ctx.attribute("atelier.error") != null) {
                return; // a handler refused with 404 and already answered
            }
            try { // a task path no effect claims: YouCam's words for an unknown feature or version
                if (c.youcam.answerUnclaimedTaskPath(ctx)) {
                    return;
                }
            } catch (Refusal e) {
                refuse(ctx, e);
                return;
            }
            refuse(ctx, new Refusal(RefusalCode.NOT_FOUND, "No route for " + ctx.method() + " " + ctx.path()));
        });
        config.routes.error(405, ctx -> refuse(ctx, new Refusal(RefusalCode.METHOD_NOT_ALLOWED,
                "Method " + ctx.method() + " is not allowed on " + ctx.path())));
    }

    private static void refuse(Context ctx, Refusal e) {
        ctx.attribute("atelier.error", Boolean.TRUE);
        if (OpenAiApi.owns(ctx)) { // the OpenAI-compatible routes answer errors in OpenAI's shape
            OpenAiApi.renderError(ctx, e);
            return;
        }
        e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
        ctx.status(YouCamErrors.httpStatus(e.code())).json(Envelope.error(e.code(), e.getMessage()));
    }

    /** A worker node answers health, readiness and metrics only; everything else belongs on an api node. */
    private static void workerServesOnlyOperations(Context ctx) {
        String path = ctx.path();
        if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
            throw new Refusal(RefusalCode.NOT_FOUND, "This is a worker node (ATELIER_ROLE=worker): it serves only "
                    + "/healthz, /readyz and /metrics; send API requests to an api node");
        }
    }
}
