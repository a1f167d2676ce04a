package dev.atelier.server.tasks;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.memory.MemoryBudget;
import dev.atelier.imaging.Image;
import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.KeyStatus;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.files.AddressGuard;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.LocalBlobStore;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.files.UrlSigner;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiFileStore;
import dev.atelier.server.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The task system over a {@link FakeTaskStore} (real files on a temporary SQLite database and blob directory, since
 * results are stored as files), with one test effect whose behaviour each test sets.
 */
final class TaskSystemHarness implements AutoCloseable {
    static final String FEATURE = "paint";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    final FakeTaskStore store = new FakeTaskStore();
    final Database database;
    final FileService files;
    final Principal principal = new Principal(new ApiKey("key-1", "test", "hash", "hint", "client-1", "public", "sealed",
            KeyStatus.ACTIVE, clock.instant(), null), Principal.CredentialKind.API_KEY);
    volatile BiFunction<EffectInput, Progress, EffectOutput> behaviour = (in, p) -> paint(8, 8);
    volatile Availability availability = Availability.AVAILABLE;

    TaskSystemHarness(Path dir) {
        this.database = Database.open("jdbc:sqlite:" + dir.resolve("files.db"), null);
        try {
            new dev.atelier.server.store.JdbiKeyStore(database).insert(principal.key()); // result files belong to it
            this.files = new FileService(new JdbiFileStore(database), new LocalBlobStore(dir.resolve("blobs")),
                    new UrlSigner(ServerSecret.of("x".repeat(32), List.of()), clock, () -> "http://127.0.0.1"),
                    clock, Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(1),
                    1 << 20);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
    }

    final Effect effect = new Effect() {
        @Override
        public EffectSpec spec() {
            return new EffectSpec(FEATURE, List.of(FEATURE), List.of("v2.0/task/" + FEATURE),
                    new InputSpec(InputSpec.Range.NONE, InputSpec.Range.NONE, InputSpec.Range.NONE, 4096, 1),
                    BigDecimal.ONE, List.of("jpg", "png"), ResultShape.SINGLE_URL, "paints a test card");
        }

        @Override
        public Availability availability() {
            return availability;
        }

        @Override
        public Map<String, Object> validateParams(Map<String, Object> params) {
            return Map.copyOf(params);
        }

        @Override
        public EffectOutput run(EffectInput input, Progress progress) {
            return behaviour.apply(input, progress);
        }
    };

    TaskRunner runner(Duration timeout, TaskHooks hooks) {
        return new TaskRunner(store, new Effects(List.of(effect)), files, fetcher(), clock,
                new DecodeLimits(10_000_000, 1 << 20), new MemoryBudget(1L << 30), timeout, new TaskMetrics(new SimpleMeterRegistry()), hooks);
    }

    TaskService service(int queueCapacity, Runnable wake) {
        return new TaskService(store, new Effects(List.of(effect)), files, clock, Duration.ofSeconds(10),
                queueCapacity, wake, TaskHooks.NONE, new PollLedger(store),
                new FinishedViews(Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(10)),
                new TaskCompletions(), null);
    }

    TaskSystem system(int workers) {
        return TaskSystem.create(store, new Effects(List.of(effect)), files, fetcher(), clock,
                new SimpleMeterRegistry(), new TaskSystem.Config(workers, 100, Duration.ofSeconds(10),
                        Duration.ofMinutes(1), Duration.ofSeconds(30), 3, new DecodeLimits(10_000_000, 1 << 20),
                        new MemoryBudget(1L << 30), "node-test", Duration.ofSeconds(1), Duration.ofHours(1)));
    }

    private static SafeFetcher fetcher() {
        return new SafeFetcher(new AddressGuard(List.of()), Duration.ofSeconds(5), 0);
    }

    TaskRequest request(Long requestId, Map<String, Object> params) {
        return new TaskRequest(FEATURE, WireFamily.V2, requestId, TaskRequest.Inputs.NONE, params, null, 0);
    }

    static EffectOutput paint(int width, int height) {
        Image img = Image.create(width, height, 3);
        java.util.Arrays.fill(img.plane(0), 0.8f);
        return EffectOutput.single(img, Map.of("engine", "test-card"));
    }

    @Override
    public void close() {
        database.close();
    }
}
