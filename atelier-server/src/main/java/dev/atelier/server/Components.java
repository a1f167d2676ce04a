package dev.atelier.server;

import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.accounts.CachedKeyStore;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.KeyStore;
import dev.atelier.server.admin.AccountAdminRoutes;
import dev.atelier.server.admin.AdminAuth;
import dev.atelier.server.admin.ModelAdminRoutes;
import dev.atelier.server.admin.WebhookAdminRoutes;
import dev.atelier.server.api.openai.OpenAiApi;
import dev.atelier.server.api.youcam.AccountRoutes;
import dev.atelier.server.api.youcam.GeneratorCatalogueApi;
import dev.atelier.server.api.youcam.HairCatalogueApi;
import dev.atelier.server.api.youcam.TaskEvents;
import dev.atelier.server.api.youcam.YouCamApi;
import dev.atelier.server.config.NodeRole;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import dev.atelier.server.credits.CreditHooks;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.CreditSettings;
import dev.atelier.server.credits.FeatureCosts;
import dev.atelier.server.credits.UsageStore;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.effects.generate.TemplateThumbs;
import dev.atelier.server.files.AddressGuard;
import dev.atelier.server.files.BlobSettings;
import dev.atelier.server.files.BlobStore;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.files.UrlSigner;
import dev.atelier.server.localengines.LocalEngines;
import dev.atelier.server.ops.Operations;
import dev.atelier.server.ratelimit.ClientAddress;
import dev.atelier.server.ratelimit.RateLimitFilter;
import dev.atelier.server.ratelimit.RateLimitSettings;
import dev.atelier.server.ratelimit.RateLimiter;
import dev.atelier.server.retention.DeletedTaskCleanup;
import dev.atelier.server.retention.RetentionSettings;
import dev.atelier.server.retention.RetentionSweeper;
import dev.atelier.server.screening.ContentScreen;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiCreditLedger;
import dev.atelier.server.store.JdbiFileStore;
import dev.atelier.server.store.JdbiKeyStore;
import dev.atelier.server.store.JdbiTaskStore;
import dev.atelier.server.store.JdbiUsageStore;
import dev.atelier.server.store.JdbiWebhookStore;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskHooks;
import dev.atelier.server.tasks.TaskSystem;
import dev.atelier.server.memory.MemoryBudget;
import dev.atelier.server.web.FeatureCatalog;
import dev.atelier.server.web.EffectPreviews;
import dev.atelier.server.web.Playground;
import dev.atelier.server.webhooks.WebhookDispatcher;
import dev.atelier.server.webhooks.WebhookHooks;
import dev.atelier.server.webhooks.WebhookSettings;
import dev.atelier.server.webhooks.Webhooks;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of one node: every component built once from {@link Settings}, in dependency order, and nothing else —
 * no HTTP configuration ({@link Routes}) and no lifecycle ({@link AtelierServer}). The settings groups each concern
 * reads are listed here too, so {@code config} never names a feature package.
 */
final class Components implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Components.class);

    /** The per-concern settings records: each reads its names from a source (the documentation test lists them). */
    static final List<Consumer<SettingsSource>> SETTINGS_GROUPS = List.of(
            dev.atelier.server.admin.AdminSettings::from,
            CreditSettings::from,
            RateLimitSettings::from,
            WebhookSettings::from,
            RetentionSettings::from,
            GenerationSettings::from,
            dev.atelier.server.effects.video.VideoSettings::from,
            BlobSettings::from,
            MemoryBudget::from,
            NodeRole::from);

    final Settings settings;
    final NodeRole role;
    final PrometheusMeterRegistry meters;
    final Database database;
    BlobStore blobStore;
    RateLimiter rateLimiter;
    final LocalEngines engines;
    final EffectTable table;
    final ContentScreen screen;
    final Credentials credentials;
    final TaskSystem taskSystem;
    final CreditLedger ledger;
    final UsageStore usage;
    final CreditHooks creditHooks;
    final Webhooks webhooks;
    final WebhookDispatcher webhookDispatcher;
    final RetentionSweeper retention;
    final RetentionSettings retentionSettings;
    // the HTTP adapters, installed by Routes
    final YouCamApi youcam;
    final AccountRoutes accounts;
    final TaskEvents taskEvents;
    final GeneratorCatalogueApi generatorCatalogue;
    final HairCatalogueApi hairCatalogue;
    final OpenAiApi openAi;
    final Operations ops;
    final RateLimitFilter rateLimits;
    final FeatureCatalog features;
    final Playground playground;
    final EffectPreviews previews;
    final AdminAuth adminAuth;
    final AccountAdminRoutes accountAdmin;
    final WebhookAdminRoutes webhookAdmin;
    final ModelAdminRoutes modelAdmin;

    Components(Settings settings, InstantSource clock, String nodeId, Supplier<String> baseUrl,
            BooleanSupplier ready) {
        this.settings = settings;
        this.role = NodeRole.from(settings.source());
        role.checkDatabase(settings.databaseUrl());
        this.database = Database.open(settings.databaseUrl(), null);
        try {
            ServerSecret secret = ServerSecret.load(settings.secret(), settings.previousSecrets(), settings.dataDir());
            this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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
            this.screen = ContentScreen.from(settings.source(), engines.nsfwClassification());
            log.info(screen.status());
            this.table = EffectTable.of(engines, generation, screen);
            JdbiFileStore fileStore = new JdbiFileStore(database);
            BlobSettings blobSettings = BlobSettings.from(settings.source());
            if (role != NodeRole.ALL && !blobSettings.isS3()) {
                log.warn("ATELIER_ROLE={} with ATELIER_BLOB_STORE=local: {} must be one directory every node shares, "
                        + "else set ATELIER_BLOB_STORE=s3", role, settings.dataDir().resolve("blobs"));
            }
            this.blobStore = blobSettings.open(settings.dataDir());
            FileService files = new FileService(fileStore, blobStore, new UrlSigner(secret, clock, baseUrl), clock,
                    settings.uploadUrlTtl(), settings.downloadUrlTtl(), settings.uploadRetention(),
                    settings.resultRetention(), settings.maxUploadBytes(),
                    dev.atelier.server.effects.video.VideoSettings.from(settings.source()).maxBytes());
            SafeFetcher fetcher = new SafeFetcher(new AddressGuard(settings.fetchAllowlist()),
                    settings.fetchTimeout(), settings.fetchMaxRedirects());
            JdbiTaskStore taskStore = new JdbiTaskStore(database);
            CreditSettings creditSettings = CreditSettings.from(settings.source());
            FeatureCosts costs = new FeatureCosts(table.effects(), creditSettings.costOverrides());
            this.ledger = new JdbiCreditLedger(database, clock, creditSettings.enforced());
            this.usage = new JdbiUsageStore(database);
            this.creditHooks = new CreditHooks(ledger, costs, usage, taskStore, clock);
            WebhookSettings webhookSettings = WebhookSettings.from(settings.source());
            AddressGuard webhookGuard = new AddressGuard(settings.fetchAllowlist());
            this.webhooks = new Webhooks(new JdbiWebhookStore(database), secret, clock, webhookGuard,
                    webhookSettings.maxEndpoints());
            this.webhookDispatcher = new WebhookDispatcher(webhooks, webhookGuard, clock, webhookSettings, nodeId);
            this.retentionSettings = RetentionSettings.from(settings.source());
            this.retention = new RetentionSweeper(fileStore, blobStore, taskStore, clock, settings.taskRetention(),
                    retentionSettings.batch());
            LiveEvents live = new LiveEvents();
            List<TaskHooks> hooks = List.of(creditHooks, new WebhookHooks(webhooks),
                    new DeletedTaskCleanup(fileStore, blobStore), live);
            this.taskSystem = TaskSystem.create(taskStore, table.effects(), files, fetcher, clock, meters,
                    new TaskSystem.Config(settings.workers(), settings.queueCapacity(), settings.pollingWindow(),
                            settings.taskTimeout(), settings.taskLease(), settings.taskMaxAttempts(),
                            new DecodeLimits(settings.maxImagePixels(), settings.maxUploadBytes()),
                            MemoryBudget.from(settings.source()), nodeId, cacheTtl,
                            settings.downloadUrlTtl()),
                    TaskHooks.all(hooks));

            this.accounts = new AccountRoutes(credentials, ledger, costs, taskSystem.service(), clock, baseUrl);
            this.taskEvents = new TaskEvents(credentials, taskSystem.service(), table.effects(),
                    settings.pollingInterval(), settings.taskTimeout().plusMinutes(5));
            live.target = taskEvents;
            this.youcam = new YouCamApi(credentials, files, taskSystem.service(), table.effects(),
                    settings.pollingInterval());
            this.ops = new Operations(ready::getAsBoolean, meters);
            this.generatorCatalogue = new GeneratorCatalogueApi(credentials, table.templates(),
                    new TemplateThumbs(table.templates(), generation.templateThumbUrl(), baseUrl));
            this.hairCatalogue = new HairCatalogueApi(credentials, table.hair());
            this.openAi = new OpenAiApi(credentials, files, taskSystem.service(), table.router(), generation,
                    settings.maxUploadBytes(), clock, usage);
            RateLimitSettings limits = RateLimitSettings.from(settings.source());
            this.rateLimiter = limits.limiter(clock);
            this.rateLimits = new RateLimitFilter(rateLimiter, new ClientAddress(limits.trustedProxies()), limits,
                    youcam.statusPolls());
            this.features = new FeatureCatalog(table.effects(), new FeatureCatalog.Limits(settings.maxUploadBytes(),
                    settings.maxImagePixels(), settings.pollingInterval(), settings.pollingWindow()));
            this.playground = new Playground(baseUrl);
            this.previews = new EffectPreviews(table.effects(),
                    new DecodeLimits(settings.maxImagePixels(), settings.maxUploadBytes()));
            this.adminAuth = new AdminAuth(dev.atelier.server.admin.AdminSettings.from(settings.source()).token());
            this.accountAdmin = new AccountAdminRoutes(credentials, keyStore, ledger, clock);
            this.webhookAdmin = new WebhookAdminRoutes(webhooks, keyStore);
            this.modelAdmin = new ModelAdminRoutes(engines.registry(), table.effects());
        } catch (java.io.IOException e) {
            closeStores();
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeStores();
            throw e;
        }
    }

    /** Forwards task hooks to the live-event streams, which can only be built once the task service exists. */
    private static final class LiveEvents implements TaskHooks {
        volatile TaskEvents target;

        @Override
        public void progressed(Task task, double fraction, String stage) {
            TaskEvents t = target;
            if (t != null) {
                t.progressed(task, fraction, stage);
            }
        }

        @Override
        public void finished(Task task) {
            TaskEvents t = target;
            if (t != null) {
                t.finished(task);
            }
        }
    }

    /** Closes what holds threads, connections or files, engines first. */
    @Override
    public void close() {
        webhookDispatcher.close();
        engines.close();
        closeStores();
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
