package dev.atelier.server;

import dev.atelier.server.config.Settings;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.UsageStore;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.retention.RetentionSweeper;
import dev.atelier.server.tasks.TaskSystem;
import dev.atelier.server.webhooks.Webhooks;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.time.InstantSource;
import dev.atelier.server.jobs.BackgroundJobs;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Atelier node's lifecycle: {@link Components} builds every part from {@link Settings}, {@link Routes} installs
 * HTTP, and this class starts the workers and background jobs and shuts everything down gracefully. The CLI's
 * {@code serve} and the tests start it the same way.
 */
public final class AtelierServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AtelierServer.class);

    private final Settings settings;
    private final Components c;
    private final Javalin http;
    private final BackgroundJobs background;
    private volatile boolean ready;

    private AtelierServer(Settings settings, InstantSource clock) {
        this.settings = settings;
        this.c = new Components(settings, clock, nodeId(), this::baseUrl, () -> ready);
        try {
            this.http = Javalin.create(config -> Routes.install(config, c));
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        this.background = new BackgroundJobs(c.meters);
    }

    /** Starts a node with these settings; the clock is injected so tests control time. */
    public static AtelierServer start(Settings settings, InstantSource clock) {
        AtelierServer server = new AtelierServer(settings, clock);
        server.http.start();
        if (server.c.role.runsWorkers()) { // an api node leaves tasks and background jobs to the worker nodes
            server.c.taskSystem.workers().start();
            server.c.webhookDispatcher.start();
            server.scheduleJobs();
        }
        server.ready = true;
        log.info("Atelier {} node listening on {} (data: {})", server.c.role, server.baseUrl(), settings.dataDir());
        return server;
    }

    /** Each background job on its own schedule: a failure in one never skips another (see {@link BackgroundJobs}). */
    private void scheduleJobs() {
        Duration second = Duration.ofSeconds(1);
        background.schedule("task-expiry", second, c.taskSystem.service()::expireAbandoned);
        background.schedule("lease-recovery", second, c.taskSystem.leases()::recover);
        background.schedule("credit-reconciliation", second, c.creditHooks::reconcile);
        // queues webhook deliveries a stopped node missed (a day back; the polling window is far shorter)
        background.schedule("webhook-reconciliation", Duration.ofSeconds(30),
                () -> c.webhooks.reconcile(Duration.ofDays(1)));
        background.schedule("retention", c.retentionSettings.interval(), c.retention::sweep);
    }

    /** Whether NSFW screening is on, or off and how to turn it on: one line for the start banner. */
    public String screeningStatus() {
        return c.screen.status();
    }

    /** The per-concern settings groups a node reads besides {@link Settings} (for the documentation check). */
    public static java.util.List<java.util.function.Consumer<dev.atelier.server.config.SettingsSource>> settingsGroups() {
        return Components.SETTINGS_GROUPS;
    }

    public int port() {
        return http.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
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
        return c.credentials;
    }

    public TaskSystem tasks() {
        return c.taskSystem;
    }

    /** The units ledger (grants, balances, history). */
    public CreditLedger ledger() {
        return c.ledger;
    }

    /** The retention sweeper (runs every {@code ATELIER_RETENTION_SWEEP_INTERVAL}; tests call it directly). */
    public RetentionSweeper retention() {
        return c.retention;
    }

    /** Webhook endpoints and deliveries. */
    public Webhooks webhooks() {
        return c.webhooks;
    }

    /** Usage records, one per settled task. */
    public UsageStore usage() {
        return c.usage;
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
        c.taskSystem.workers().drain(settings.drainTimeout());
        c.taskSystem.polls().close(); // the polls answered until now reach the database
        http.stop();
        c.close();
        log.info("stopped");
    }
}
