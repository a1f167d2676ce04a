package dev.atelier.server.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named jobs each on its own fixed-delay schedule. A run that throws (anything, an {@link Error} included) is
 * logged and counted, and the job runs again after its delay: an uncaught throwable would silently cancel a scheduled
 * task for good, and one shared {@code try} would let the first job's failure skip the others. Each run's duration
 * goes to {@code atelier.background.job} (tagged with the job), and a run longer than its interval is logged.
 * Two threads, so one slow job delays the others by at most its own run.
 */
public final class BackgroundJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("atelier-background-", 0).daemon(true).factory());
    private final MeterRegistry meters;

    public BackgroundJobs(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs {@code job} every {@code every} (after the previous run ended), first after one interval. */
    public void schedule(String name, Duration every, Runnable job) {
        Timer duration = Timer.builder("atelier.background.job").tag("job", name)
                .description("duration of one run of a background job").register(meters);
        Counter failures = Counter.builder("atelier.background.job.failures").tag("job", name)
                .description("runs of a background job that threw").register(meters);
        long millis = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> runOnce(name, every, job, duration, failures), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    private static void runOnce(String name, Duration every, Runnable job, Timer duration, Counter failures) {
        long start = System.nanoTime();
        try {
            job.run();
        } catch (Throwable e) { // NOPMD: anything escaping would cancel the schedule for good
            failures.increment();
            log.warn("background job {} failed; it runs again in {} ms", name, every.toMillis(), e);
        } finally {
            long took = System.nanoTime() - start;
            duration.record(took, TimeUnit.NANOSECONDS);
            if (took > every.toNanos() && every.toSeconds() >= 1) {
                log.warn("background job {} took {} ms, longer than its {} ms interval", name, took / 1_000_000,
                        every.toMillis());
            }
        }
    }

    /** Stops scheduling; a run in progress is interrupted. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
