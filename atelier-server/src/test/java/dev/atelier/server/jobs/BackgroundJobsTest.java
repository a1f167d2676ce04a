package dev.atelier.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 15 item 8: a job that fails, even with an {@link Error}, neither stops itself nor skips the others. */
class BackgroundJobsTest {

    @Test
    void aFailingJobKeepsItsScheduleAndNeverSkipsAnother() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger failingRuns = new AtomicInteger();
        AtomicInteger erroringRuns = new AtomicInteger();
        AtomicInteger healthyRuns = new AtomicInteger();
        try (BackgroundJobs jobs = new BackgroundJobs(meters)) {
            Duration every = Duration.ofMillis(20);
            jobs.schedule("failing", every, () -> {
                failingRuns.incrementAndGet();
                throw new IllegalStateException("the database is away");
            });
            jobs.schedule("erroring", every, () -> {
                erroringRuns.incrementAndGet();
                throw new StackOverflowError("a job that blew its stack");
            });
            jobs.schedule("healthy", every, healthyRuns::incrementAndGet);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    failingRuns.get() >= 5 && erroringRuns.get() >= 5 && healthyRuns.get() >= 5);
        }
        assertThat(meters.get("atelier.background.job.failures").tag("job", "failing").counter().count())
                .isGreaterThanOrEqualTo(5);
        assertThat(meters.get("atelier.background.job.failures").tag("job", "erroring").counter().count())
                .isGreaterThanOrEqualTo(5);
        assertThat(meters.get("atelier.background.job.failures").tag("job", "healthy").counter().count()).isZero();
        assertThat(meters.get("atelier.background.job").tag("job", "healthy").timer().count())
                .isGreaterThanOrEqualTo(5);
    }
}
