package dev.atelier.server.webhooks;

import dev.atelier.server.files.AddressGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: claims them from the database with a lease (so several nodes share the work and a node that
 * stops leaves nothing behind but a lease that ends), signs each attempt afresh, and records the outcome.
 *
 * <p>Success is any 2xx; redirects are not followed (a 3xx is a failure, as the spec says). 410 disables the
 * endpoint. Anything else is retried on the spec's schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h
 * after the first attempt), scaled by {@code ATELIER_WEBHOOK_RETRY_SCALE}, with ±10 % jitter so a recovering
 * receiver is not hit by every retry at once, and never sooner than a {@code Retry-After} the receiver sent. After the
 * last attempt the delivery is failed.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Waits before each retry: the example schedule of the Standard Webhooks spec (attempt 1 is immediate). */
    static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final Duration IDLE_POLL = Duration.ofMillis(250);

    private final Webhooks webhooks;
    private final AddressGuard guard;
    private final InstantSource clock;
    private final WebhookSettings settings;
    private final String owner;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final SplittableRandom jitter = new SplittableRandom();
    private volatile boolean running;
    private Thread loop;

    public WebhookDispatcher(Webhooks webhooks, AddressGuard guard, InstantSource clock, WebhookSettings settings,
            String nodeId) {
        this.webhooks = webhooks;
        this.guard = guard;
        this.clock = clock;
        this.settings = settings;
        this.owner = nodeId + "/webhooks";
        this.inFlight = new Semaphore(settings.concurrency());
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .build();
        webhooks.onEnqueue(wake::release);
    }

    public synchronized void start() {
        running = true;
        loop = Thread.ofPlatform().name("atelier-webhooks").daemon(true).start(this::loop);
    }

    private void loop() {
        while (running) {
            boolean sent = false;
            try {
                if (inFlight.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    Optional<Webhooks.Attempt> next = Optional.empty();
                    try {
                        next = webhooks.claim(owner, clock.instant().plus(settings.timeout().multipliedBy(2)));
                    } finally {
                        if (next.isEmpty()) {
                            inFlight.release();
                        }
                    }
                    if (next.isPresent()) {
                        Webhooks.Attempt attempt = next.get();
                        senders.execute(() -> {
                            try {
                                deliver(attempt);
                            } finally {
                                inFlight.release();
                            }
                        });
                        sent = true;
                    }
                }
                if (!sent) {
                    wake.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) { // the dispatch loop must outlive any one failure
                log.warn("claiming a webhook delivery failed; retrying", e);
                sleepQuietly();
            }
        }
    }

    /** Makes one attempt and records what happened. */
    void deliver(Webhooks.Attempt attempt) {
        Delivery d = attempt.delivery();
        URI target = URI.create(attempt.url());
        try {
            guard.check(target.getHost());
        } catch (AddressGuard.BlockedAddressException | IOException e) {
            failed(d, null, "target refused: " + e.getMessage(), null);
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Atelier-Webhooks/0.1")
                .header("webhook-id", d.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signature.sign(attempt.key(), d.id(), timestamp, d.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            failed(d, null, "no response: " + e.getMessage(), null);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(d, null, "interrupted", null);
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            webhooks.finish(d.id(), Delivery.State.DELIVERED, status, null);
            log.debug("webhook {} delivered to {} ({})", d.id(), target, status);
        } else if (status == 410) {
            webhooks.finish(d.id(), Delivery.State.FAILED, status, "410 Gone: the endpoint is disabled");
            webhooks.disable(d.endpointId(), "the receiver answered 410 Gone");
        } else {
            failed(d, status, "HTTP " + status, response.headers().firstValue("Retry-After").orElse(null));
        }
    }

    private void failed(Delivery d, Integer status, String error, String retryAfter) {
        int attemptsMade = d.attempts() + 1;
        if (attemptsMade > SCHEDULE.size()) {
            webhooks.finish(d.id(), Delivery.State.FAILED, status, error + " (gave up after " + attemptsMade
                    + " attempts)");
            log.warn("webhook {} to endpoint {} failed for good: {}", d.id(), d.endpointId(), error);
            return;
        }
        Duration wait = scaled(SCHEDULE.get(attemptsMade - 1));
        Duration asked = retryAfter(retryAfter);
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked;
        }
        webhooks.retryAt(d.id(), clock.instant().plus(wait), status, error);
        log.info("webhook {} attempt {} failed ({}); next in {} s", d.id(), attemptsMade, error, wait.toSeconds());
    }

    private Duration scaled(Duration base) {
        double factor = settings.retryScale() * (0.9 + 0.2 * nextDouble());
        return Duration.ofNanos(Math.max(1_000_000L, (long) (base.toNanos() * factor)));
    }

    private synchronized double nextDouble() {
        return jitter.nextDouble();
    }

    /** {@code Retry-After} as seconds or an HTTP date, capped at a day; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(IDLE_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming; attempts in flight finish within the request timeout or are retried after their lease. */
    @Override
    public void close() {
        running = false;
        wake.release();
        Thread t = loop;
        if (t != null) {
            try {
                t.join(IDLE_POLL.multipliedBy(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdown();
        try {
            senders.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
