package dev.atelier.server;

import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.admin.AccountAdminRoutes;
import dev.atelier.server.admin.AdminAuth;
import dev.atelier.server.admin.AdminSettings;
import dev.atelier.server.accounts.CachedKeyStore;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.KeyStore;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.server.api.openai.OpenAiApi;
import dev.atelier.server.api.youcam.GeneratorCatalogueApi;
import dev.atelier.server.api.youcam.HairCatalogueApi;
import dev.atelier.server.effects.hair.HairCatalogue;
import dev.atelier.server.effects.hair.HairEffects;
import dev.atelier.server.effects.aging.AgingEffect;
import dev.atelier.server.effects.generate.TemplateThumbs;
import dev.atelier.server.api.youcam.YouCamApi;
import dev.atelier.server.api.youcam.AccountRoutes;
import dev.atelier.server.api.youcam.TaskEvents;
import dev.atelier.server.retention.DeletedTaskCleanup;
import dev.atelier.server.retention.RetentionSettings;
import dev.atelier.server.retention.RetentionSweeper;
import dev.atelier.server.config.NodeRole;
import dev.atelier.server.config.Settings;
import dev.atelier.server.credits.CreditHooks;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.CreditSettings;
import dev.atelier.server.credits.FeatureCosts;
import dev.atelier.server.credits.UsageStore;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.screening.ContentScreen;
import dev.atelier.server.screening.ScreenedEffect;
import dev.atelier.server.effects.background.BlurBackgroundEffect;
import dev.atelier.server.effects.background.RemoveBackgroundEffect;
import dev.atelier.server.effects.background.ReplaceBackgroundEffect;
import dev.atelier.server.effects.color.ColorCorrectEffect;
import dev.atelier.server.effects.colorize.ColorizeEffect;
import dev.atelier.server.effects.color.LightingEffect;
import dev.atelier.server.effects.enhance.EnhanceEffect;
import dev.atelier.server.effects.video.VideoEnhanceEffect;
import dev.atelier.server.effects.video.VideoSettings;
import dev.atelier.server.effects.face.FaceSwapPreProcessEffect;
import dev.atelier.server.effects.face.Faces;
import dev.atelier.server.effects.faceswap.FaceSwapEffect;
import dev.atelier.server.effects.makeup.MakeupTransferEffect;
import dev.atelier.server.effects.inpaint.RemoveObjectEffect;
import dev.atelier.server.engines.LocalEngines;
import dev.atelier.server.engines.ModelAdminRoutes;
import dev.atelier.server.effects.generate.GeneratorEffects;
import dev.atelier.server.effects.generate.Generator;
import dev.atelier.server.effects.edit.MaskedEdit;
import dev.atelier.server.effects.edit.ObjectReplaceEffect;
import dev.atelier.server.effects.generate.TemplateCatalogue;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.files.AddressGuard;
import dev.atelier.server.files.BlobSettings;
import dev.atelier.server.files.BlobStore;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.files.UrlSigner;
import dev.atelier.server.jobs.BackgroundJobs;
import dev.atelier.server.json.Json;
import dev.atelier.server.ops.Operations;
import dev.atelier.server.ops.RequestIds;
import dev.atelier.server.ratelimit.ClientAddress;
import dev.atelier.server.ratelimit.RateLimiter;
import dev.atelier.server.ratelimit.RateLimitFilter;
import dev.atelier.server.ratelimit.RateLimitSettings;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiFileStore;
import dev.atelier.server.store.JdbiKeyStore;
import dev.atelier.server.store.JdbiTaskStore;
import dev.atelier.server.store.JdbiUsageStore;
import dev.atelier.server.tasks.TaskHooks;
import dev.atelier.server.webhooks.WebhookAdminRoutes;
import dev.atelier.server.webhooks.WebhookDispatcher;
import dev.atelier.server.webhooks.WebhookHooks;
import dev.atelier.server.webhooks.WebhookSettings;
import dev.atelier.server.webhooks.Webhooks;
import dev.atelier.server.tasks.TaskSystem;
import dev.atelier.server.web.FeatureCatalog;
import dev.atelier.server.web.Playground;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson3;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Atelier node: builds every part from {@link Settings} (the composition root), serves HTTP, runs workers and
 * background jobs, and shuts down gracefully. The CLI's {@code serve} and the tests start it the same way.
 */
public final class AtelierServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AtelierServer.class);

    private final Settings settings;
    private final NodeRole role;
    private final Database database;
    private BlobStore blobStore;
    private RateLimiter rateLimiter;
    private final LocalEngines engines;
    private final ContentScreen contentScreen;
    private final Credentials credentials;
    private final TaskSystem taskSystem;
    private final CreditLedger ledger;
    private final UsageStore usage;
    private final CreditHooks creditHooks;
    private final Webhooks webhooks;
    private final WebhookDispatcher webhookDispatcher;
    private final RetentionSweeper retention;
    private final RetentionSettings retentionSettings;
    private final Javalin http;
    private final BackgroundJobs background;
    private volatile boolean ready;

    private AtelierServer(Settings settings, InstantSource clock) {
        this.settings = settings;
        this.role = NodeRole.from(settings.source());
        role.checkDatabase(settings.databaseUrl());
        this.database = Database.open(settings.databaseUrl(), null);
        try {
            ServerSecret secret = ServerSecret.load(settings.secret(), settings.previousSecrets(), settings.dataDir());
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(meters);
            new JvmThreadMetrics().bindTo(meters);

            // how long this node trusts what it remembers of keys and finished tasks (other nodes' changes show within it)
            java.time.Duration cacheTtl = settings.source().duration("ATELIER_NODE_CACHE_TTL",
                    java.time.Duration.ofSeconds(1));
            KeyStore keyStore = new CachedKeyStore(new JdbiKeyStore(database), clock, cacheTtl);
            this.credentials = new Credentials(keyStore, secret, clock, settings.accessTokenTtl(),
                    settings.authClockSkew());
            this.engines = new LocalEngines(settings);
            GenerationSettings generation = GenerationSettings.from(settings.source());
            GenerationRouter router = generation.router(List.of(engines.localGeneration()));
            TemplateCatalogue catalogue = TemplateCatalogue.standard();
            this.contentScreen = ContentScreen.from(settings.source(), engines.nsfwClassification());
            log.info(contentScreen.status());
            List<Effect> allEffects = new ArrayList<>(ScreenedEffect.inputs(standardEffects(engines), contentScreen));
            allEffects.addAll(ScreenedEffect.inputsAndOutputs(GeneratorEffects.all(router, generation, catalogue),
                    contentScreen));
            HairCatalogue hairCatalogue = HairCatalogue.standard();
            allEffects.addAll(ScreenedEffect.inputsAndOutputs(editEffects(engines, router, hairCatalogue),
                    contentScreen));
            Effects effects = new Effects(allEffects);
            JdbiFileStore fileStore = new JdbiFileStore(database);
            BlobSettings blobSettings = BlobSettings.from(settings.source());
            if (role != NodeRole.ALL && !blobSettings.isS3()) {
                log.warn("ATELIER_ROLE={} with ATELIER_BLOB_STORE=local: {} must be one directory every node shares, "
                        + "else set ATELIER_BLOB_STORE=s3", role, settings.dataDir().resolve("blobs"));
            }
            this.blobStore = blobSettings.open(settings.dataDir());
            FileService files = new FileService(fileStore, blobStore,
                    new UrlSigner(secret, clock, this::baseUrl), clock, settings.uploadUrlTtl(),
                    settings.downloadUrlTtl(), settings.uploadRetention(), settings.resultRetention(),
                    settings.maxUploadBytes(), VideoSettings.from(settings.source()).maxBytes());
            SafeFetcher fetcher = new SafeFetcher(new AddressGuard(settings.fetchAllowlist()),
                    settings.fetchTimeout(), settings.fetchMaxRedirects());
            JdbiTaskStore taskStore = new JdbiTaskStore(database);
            CreditSettings creditSettings = CreditSettings.from(settings.source());
            FeatureCosts costs = new FeatureCosts(effects, creditSettings.costOverrides());
            this.ledger = new CreditLedger(database, clock, creditSettings.enforced());
            this.usage = new JdbiUsageStore(database);
            this.creditHooks = new CreditHooks(ledger, costs, usage, taskStore, clock);
            List<TaskHooks> hooks = new ArrayList<>();
            hooks.add(creditHooks);
            WebhookSettings webhookSettings = WebhookSettings.from(settings.source());
            AddressGuard webhookGuard = new AddressGuard(settings.fetchAllowlist());
            this.webhooks = new Webhooks(database, secret, clock, webhookGuard, webhookSettings.maxEndpoints());
            this.webhookDispatcher = new WebhookDispatcher(webhooks, webhookGuard, clock, webhookSettings, nodeId());
            hooks.add(new WebhookHooks(webhooks));
            AdminAuth adminAuth = new AdminAuth(AdminSettings.from(settings.source()).token());
            WebhookAdminRoutes webhookAdmin = new WebhookAdminRoutes(webhooks, keyStore);
            AccountAdminRoutes accountAdmin = new AccountAdminRoutes(credentials, keyStore, ledger, clock);
            this.retentionSettings = RetentionSettings.from(settings.source());
            this.retention = new RetentionSweeper(fileStore, blobStore, taskStore, clock, settings.taskRetention(),
                    retentionSettings.batch());
            hooks.add(new DeletedTaskCleanup(fileStore, blobStore));
            TaskEventsHolder events = new TaskEventsHolder();
            hooks.add(events);
            this.taskSystem = TaskSystem.create(taskStore, effects, files, fetcher, clock, meters,
                    new TaskSystem.Config(settings.workers(), settings.queueCapacity(), settings.pollingWindow(),
                            settings.taskTimeout(), settings.taskLease(), settings.taskMaxAttempts(), new DecodeLimits(settings.maxImagePixels(), settings.maxUploadBytes()),
                            nodeId(), cacheTtl, settings.downloadUrlTtl()), TaskHooks.all(hooks));
            AccountRoutes accounts = new AccountRoutes(credentials, ledger, costs, taskSystem.service(), clock,
                    this::baseUrl);
            TaskEvents taskEvents = new TaskEvents(credentials, taskSystem.service(), effects,
                    settings.pollingInterval(), settings.taskTimeout().plusMinutes(5));
            events.target = taskEvents;

            YouCamApi youcam = new YouCamApi(credentials, files, taskSystem.service(), effects,
                    settings.pollingInterval());
            Operations ops = new Operations(() -> ready, meters);
            GeneratorCatalogueApi generatorCatalogue = new GeneratorCatalogueApi(credentials, catalogue,
                    new TemplateThumbs(catalogue, generation.templateThumbUrl(), this::baseUrl));
            HairCatalogueApi hairCatalogueApi = new HairCatalogueApi(credentials, hairCatalogue);
            OpenAiApi openAi = new OpenAiApi(credentials, files, taskSystem.service(), router, generation,
                    settings.maxUploadBytes(), clock, usage);
            RateLimitSettings limits = RateLimitSettings.from(settings.source());
            this.rateLimiter = limits.limiter(clock);
            RateLimitFilter rateLimits = new RateLimitFilter(rateLimiter,
                    new ClientAddress(limits.trustedProxies()), limits);
            ModelAdminRoutes modelAdmin = new ModelAdminRoutes(engines.registry(), effects);
            FeatureCatalog features = new FeatureCatalog(effects, new FeatureCatalog.Limits(settings.maxUploadBytes(),
                    settings.maxImagePixels(), settings.pollingInterval(), settings.pollingWindow()));
            Playground playground = new Playground(this::baseUrl);
            this.http = Javalin.create(config -> {
                if (!role.servesApi()) {
                    config.routes.before(AtelierServer::workerServesOnlyOperations);
                }
                hairCatalogueApi.install(config.routes); // first: the YouCam task routes would take its paths
                configure(config, settings, meters, youcam, ops, accounts, rateLimits, generatorCatalogue,
                        taskEvents);
                features.install(config.routes);
                playground.install(config.routes);
                adminAuth.install(config.routes); // guards every /admin/* route
                webhookAdmin.install(config.routes);
                accountAdmin.install(config.routes);
                modelAdmin.install(config.routes);
                openAi.install(config);
            });
            this.background = new BackgroundJobs(meters);
        } catch (IOException e) {
            closeStores();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeStores();
            throw e;
        }
    }

    /** Forwards task hooks to the live-event streams, which can only be built once the task service exists. */
    private static final class TaskEventsHolder implements TaskHooks {
        volatile TaskEvents target;

        @Override
        public void progressed(dev.atelier.server.tasks.Task task, double fraction, String stage) {
            TaskEvents t = target;
            if (t != null) {
                t.progressed(task, fraction, stage);
            }
        }

        @Override
        public void finished(dev.atelier.server.tasks.Task task) {
            TaskEvents t = target;
            if (t != null) {
                t.finished(task);
            }
        }
    }

    /** The effects that edit a photo through the image generator (masked edits), face-aware or not. */
    static List<Effect> editEffects(LocalEngines engines, GenerationRouter router, HairCatalogue hairCatalogue) {
        MaskedEdit maskedEdit = new MaskedEdit(new Generator(router));
        Faces faces = new Faces(engines.faceDetection(), engines.faceLandmarks());
        List<Effect> out = new ArrayList<>();
        out.add(new ObjectReplaceEffect(maskedEdit));
        out.addAll(HairEffects.all(faces, engines.personSegmentation(), maskedEdit, hairCatalogue));
        out.add(new AgingEffect(faces, engines.ageEstimation(), engines.personSegmentation(), maskedEdit));
        return out;
    }

    /** A worker node answers health, readiness and metrics only; everything else belongs on an api node. */
    private static void workerServesOnlyOperations(io.javalin.http.Context ctx) {
        String path = ctx.path();
        if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
            throw new ApiException(ErrorCode.NOT_FOUND, "This is a worker node (ATELIER_ROLE=worker): it serves only "
                    + "/healthz, /readyz and /metrics; send API requests to an api node");
        }
    }

    /** The effects this server offers, each with the engines it uses (also what {@code atelier run} runs locally). */
    public static List<Effect> standardEffects(LocalEngines engines) {
        Faces faces = new Faces(engines.faceDetection(), engines.faceLandmarks());
        return List.of(
                new EnhanceEffect(engines.upscaling()),
                new RemoveObjectEffect(engines.inpainting()),
                new ColorCorrectEffect(engines.colorCorrection()),
                new ColorizeEffect(engines.colorization()),
                new LightingEffect(engines.relighting()),
                new RemoveBackgroundEffect(engines.segmentation()),
                new BlurBackgroundEffect(engines.backgroundSegmentation()),
                new ReplaceBackgroundEffect(engines.backgroundSegmentation(), engines.localGeneration()),
                new FaceSwapPreProcessEffect(engines.faceDetection()),
                new FaceSwapEffect(faces),
                new MakeupTransferEffect(faces),
                new VideoEnhanceEffect(engines.upscaling(), VideoSettings.from(engines.settingsSource())));
    }

    /** Connections the kernel holds for the server to accept (the listen backlog). */
    private static final int ACCEPT_QUEUE = 1024;

    private static void configure(JavalinConfig config, Settings settings, PrometheusMeterRegistry meters,
            YouCamApi youcam, Operations ops, AccountRoutes accounts, RateLimitFilter rateLimits,
            GeneratorCatalogueApi generatorCatalogue, TaskEvents taskEvents) {
        config.startup.showJavalinBanner = false;
        config.concurrency.useVirtualThreads = true;
        config.jetty.host = settings.host();
        config.jetty.port = settings.port();
        // A burst of clients connecting at once must queue in the kernel, not be reset: the JVM's default backlog
        // of 50 overflows when a few hundred clients (or one client's parallel uploads) arrive together.
        config.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                    if (c instanceof org.eclipse.jetty.server.ServerConnector sc) {
                        sc.setAcceptQueueSize(ACCEPT_QUEUE);
                    }
                }
            }
        }));
        config.http.maxRequestSize = 1 << 20; // JSON bodies; uploads stream past this limit
        config.jsonMapper(new JavalinJackson3(Json.MAPPER, false));
        config.router.ignoreTrailingSlashes = true;

        RequestIds requestIds = new RequestIds();
        config.routes.before(ctx -> {
            ctx.header("x-request-id", Long.toString(requestIds.next()));
            ctx.attribute("atelier.start", System.nanoTime());
        });
        rateLimits.install(config.routes); // after the request id: a 429 carries one too
        config.routes.after(ctx -> {
            Long start = ctx.attribute("atelier.start");
            io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            if (start != null) {
                // label by route template, never by raw path (ids would explode the series count)
                Timer.builder("atelier_http_request_seconds")
                        .tag("method", ctx.method().name())
                        .tag("route", matched == null ? "unmatched" : matched.path)
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(meters)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
        config.routes.exception(ApiException.class, (e, ctx) -> {
            ctx.attribute("atelier.error", Boolean.TRUE);
            if (OpenAiApi.owns(ctx)) { // the OpenAI-compatible routes answer errors in OpenAI's shape
                OpenAiApi.renderError(ctx, e);
                return;
            }
            e.headers().forEach(ctx::header);
            ctx.status(e.code().httpStatus()).json(Envelope.error(e.code(), e.getMessage()));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Envelope.error(ErrorCode.INTERNAL,
                    "Internal error; x-request-id " + ctx.res().getHeader("x-request-id") + " is in the server log"));
        });
        config.routes.error(404, ctx -> {
            if (ctx.attribute("atelier.error") == null) { // no route matched: answer in our error shape
                ctx.json(Envelope.error(ErrorCode.NOT_FOUND, "No route for " + ctx.method() + " " + ctx.path()));
            }
        });
        config.routes.error(405, ctx -> ctx.json(Envelope.error(ErrorCode.BAD_REQUEST,
                "Method " + ctx.method() + " is not allowed on " + ctx.path())));
        accounts.install(config.routes); // before youcam: its catch-all task routes would shadow task/delete
        taskEvents.install(config.routes); // before youcam, for the same reason
        generatorCatalogue.install(config.routes); // before the YouCam catch-all task routes
        youcam.install(config.routes);
        ops.install(config.routes);
    }

    /** Starts a node with these settings; the clock is injected so tests control time. */
    public static AtelierServer start(Settings settings, InstantSource clock) {
        AtelierServer server = new AtelierServer(settings, clock);
        server.http.start();
        if (server.role.runsWorkers()) { // an api node leaves tasks and background jobs to the worker nodes
            server.taskSystem.workers().start();
            server.webhookDispatcher.start();
            server.scheduleJobs();
        }
        server.ready = true;
        log.info("Atelier {} node listening on {} (data: {})", server.role, server.baseUrl(), settings.dataDir());
        return server;
    }

    /** Each background job on its own schedule: a failure in one never skips another (see {@link BackgroundJobs}). */
    private void scheduleJobs() {
        Duration second = Duration.ofSeconds(1);
        background.schedule("task-expiry", second, taskSystem.service()::expireAbandoned);
        background.schedule("lease-recovery", second, taskSystem.leases()::recover);
        background.schedule("credit-reconciliation", second, creditHooks::reconcile);
        // queues webhook deliveries a stopped node missed (a day back; the polling window is far shorter)
        background.schedule("webhook-reconciliation", Duration.ofSeconds(30),
                () -> webhooks.reconcile(Duration.ofDays(1)));
        background.schedule("retention", retentionSettings.interval(), retention::sweep);
    }

    public int port() {
        return http.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    /** Whether NSFW screening is on, or off and how to turn it on: one line for the start banner. */
    public String screeningStatus() {
        return contentScreen.status();
    }

    public String baseUrl() {
        return settings.publicUrl().orElse("http://" + hostForUrl(settings.host()) + ":" + port());
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public Credentials credentials() {
        return credentials;
    }

    public TaskSystem tasks() {
        return taskSystem;
    }

    /** The units ledger (grants, balances, history). */
    public CreditLedger ledger() {
        return ledger;
    }

    /** The retention sweeper (runs every {@code ATELIER_RETENTION_SWEEP_INTERVAL}; tests call it directly). */
    public RetentionSweeper retention() {
        return retention;
    }

    /** Webhook endpoints and deliveries. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Usage records, one per settled task. */
    public UsageStore usage() {
        return usage;
    }

    public boolean isReady() {
        return ready;
    }

    private static String nodeId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "node-" + ProcessHandle.current().pid();
        }
    }

    /**
     * Graceful shutdown: not ready (load balancers stop sending work), workers drain their running tasks while HTTP
     * still answers status polls, then HTTP stops and the database closes.
     */
    @Override
    public void close() {
        ready = false;
        log.info("shutting down: draining running tasks (up to {} s)", settings.drainTimeout().toSeconds());
        background.close();
        taskSystem.workers().drain(settings.drainTimeout());
        webhookDispatcher.close();
        http.stop();
        taskSystem.polls().close(); // the polls answered until now reach the database
        engines.close();
        closeStores();
        log.info("stopped");
    }

    private void closeStores() {
        if (blobStore != null) {
            blobStore.close();
        }
        if (rateLimiter != null) {
            rateLimiter.close();
        }
        database.close();
    }
}
