package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.client.ApiFamily;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.Input;
import dev.atelier.client.OutputFormat;
import dev.atelier.client.RequestException;
import dev.atelier.client.TaskError;
import dev.atelier.client.TaskFailedException;
import dev.atelier.client.TaskResult;
import dev.atelier.client.TaskState;
import dev.atelier.client.TaskStatus;
import dev.atelier.imaging.Image;
import dev.atelier.server.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photo Enhance through the SDK against a real server, in both wire families. */
class SdkEnhanceTest {
    private final SdkFixture fx = new SdkFixture(Map.of("ATELIER_AUTH_CLOCK_SKEW", "3h"));

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        fx.closeCheckingContract();
    }

    @Test
    void v2EnhanceUploadsAFileRunsPollsAndDownloadsTheResult() throws Exception {
        byte[] original = TestImages.jpeg(160, 120);
        Path photo = Files.write(dir.resolve("photo.jpg"), original);
        List<TaskStatus> seen = new CopyOnWriteArrayList<>();
        try (AtelierClient client = fx.v2().build()) {
            assertThat(client.family()).isEqualTo(ApiFamily.V2);

            TaskResult r = client.effects().enhance(photo).scale(2).onProgress(seen::add).run();

            assertThat(r.feature()).isEqualTo("enhance");
            assertThat(r.outputs()).hasSize(1);
            assertThat(r.dstId()).isNotBlank();
            assertThat(r.metadata()).containsKey("engine");
            Path out = r.downloadTo(dir.resolve("out/photo-x2.jpg"));
            Image img = SdkFixture.decode(Files.readAllBytes(out));
            assertThat(img.width()).isEqualTo(320);
            assertThat(img.height()).isEqualTo(240);
            assertThat(SdkFixture.psnrAgainstOriginal(original, Files.readAllBytes(out))).isGreaterThan(25.0);
        }
        assertThat(seen).isNotEmpty();
        assertThat(seen.getLast().state()).isEqualTo(TaskState.SUCCESS);
        assertThat(seen.getLast().pollingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fx.proxy.exchanges(r -> r.startsWith("POST /s2s/v2.0/file"))).hasSize(1);
        assertThat(fx.proxy.exchanges(r -> r.startsWith("PUT /uploads/"))).hasSize(1);
        assertThat(fx.taskCount()).isEqualTo(1);
    }

    @Test
    void legacyEnhanceAuthenticatesWithTheRsaKeyAndChainsTheResultByDstId() {
        byte[] original = TestImages.png(96, 64);
        try (AtelierClient client = fx.legacy().build()) {
            assertThat(client.family()).isEqualTo(ApiFamily.LEGACY);

            TaskResult first = client.effects().enhance(original).scale(2).run();
            TaskResult second = client.effects().enhance(first.asInput()).scale(1).outputFormat(OutputFormat.PNG).run();

            Image a = SdkFixture.decode(first.download());
            Image b = SdkFixture.decode(second.download());
            assertThat(a.width()).isEqualTo(192);
            assertThat(b.width()).isEqualTo(192);
            assertThat(second.download()).startsWith(0x89, 'P', 'N', 'G');
            // Identity, not quality: two enhance passes (auto contrast, sharpening) keep ~24 dB to the original,
            // an unrelated picture scores ~10 dB.
            assertThat(SdkFixture.psnrAgainstOriginal(original, second.download())).isGreaterThan(20.0);
        }
        // one exchange of the id_token for both runs, legacy routes only
        assertThat(fx.proxy.exchanges(r -> r.equals("POST /s2s/v1.0/client/auth"))).hasSize(1);
        assertThat(fx.proxy.exchanges(r -> r.startsWith("POST /s2s/v1.0/file/enhance"))).hasSize(1);
        assertThat(fx.proxy.exchanges(r -> r.startsWith("POST /s2s/v1.0/task/enhance"))).hasSize(2);
        assertThat(fx.proxy.exchanges(r -> r.startsWith("GET /s2s/v1.0/task/enhance?task_id="))).isNotEmpty();
    }

    @Test
    void anAccessTokenAboutToExpireIsRenewedBeforeUse() {
        try (AtelierClient client = fx.legacy().build()) {
            client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run();
            fx.server.clock().advance(Duration.ofHours(2).minusSeconds(30)); // inside the renewal margin

            client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run();
        }
        assertThat(fx.proxy.exchanges(r -> r.equals("POST /s2s/v1.0/client/auth"))).hasSize(2);
        assertThat(fx.proxy.exchanges(r -> r.startsWith("POST /s2s/v1.0/task/"))).allMatch(e -> e.status() == 200);
    }

    @Test
    void anAccessTokenTheServerRefusesIsReplacedOnceAndTheCallSucceeds() {
        // The client's clock stands still while the server's moves past the token's expiry, as when clocks drift.
        var clientClock = new dev.atelier.server.testing.MutableClock(fx.server.clock().instant());
        try (AtelierClient client = fx.legacy().clock(clientClock).build()) {
            client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run();
            fx.server.clock().advance(Duration.ofHours(2).plusSeconds(1));

            TaskResult r = client.effects().enhance(TestImages.jpeg(64, 48)).scale(1).run();

            assertThat(r.dstId()).isNotBlank();
        }
        assertThat(fx.proxy.exchanges(r -> r.equals("POST /s2s/v1.0/client/auth"))).hasSize(2);
        assertThat(fx.proxy.exchanges(r -> r.startsWith("POST /s2s/v1.0/file/")).stream().map(e -> e.status()))
                .containsExactly(200, 401, 200);
    }

    @Test
    void theGenericCallRunsAFeatureByItsPathInTheFutureStyle() {
        try (AtelierClient client = fx.v2().build()) {
            TaskResult r = client.task("enhance").source(TestImages.jpeg(80, 60)).param("scale", 4)
                    .outputFormat(OutputFormat.PNG).runAsync().join();

            Image img = SdkFixture.decode(r.download());
            assertThat(img.width()).isEqualTo(320);
            assertThat(img.height()).isEqualTo(240);
        }
    }

    @Test
    void manyConcurrentRunsEachGetTheirOwnTask() {
        try (AtelierClient client = fx.v2().build()) {
            String fileId = client.upload(Input.of(TestImages.jpeg(64, 48)), null);
            var futures = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> client.effects().enhance(Input.fileId(fileId)).scale(i % 2 + 1).runAsync())
                    .toList();
            List<TaskResult> results = futures.stream().map(java.util.concurrent.CompletableFuture::join).toList();

            assertThat(results.stream().map(TaskResult::taskId).distinct()).hasSize(6);
            assertThat(results.stream().map(r -> SdkFixture.decode(r.download()).width()))
                    .containsExactly(64, 128, 64, 128, 64, 128);
        }
        assertThat(fx.taskCount()).isEqualTo(6);
    }

    @Test
    void anEngineErrorIsATaskFailedExceptionCarryingTheWireCode() {
        try (AtelierClient client = fx.v2().build()) {
            // the server accepts the upload; its worker finds the image below the feature's 16 px minimum
            assertThatThrownBy(() -> client.effects().enhance(TestImages.jpeg(40, 10)).scale(2).run())
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo(TaskError.ERROR_BELOW_MIN_IMAGE_SIZE);
                        assertThat(e.wireCode()).isEqualTo("error_below_min_image_size");
                        assertThat(e.taskId()).isNotBlank();
                        assertThat(e.serverMessage()).contains("16");
                    });
        }
    }

    @Test
    void anInvalidParameterIsARequestExceptionAndIsNotRetried() {
        try (AtelierClient client = fx.legacy().build()) {
            assertThatThrownBy(() -> client.task("enhance").source(TestImages.jpeg(64, 48)).param("scale", 3).run())
                    .isInstanceOfSatisfying(RequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETERS);
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("scale");
                        assertThat(e.serverRequestId()).matches("\\d+");
                    });
        }
        assertThat(fx.taskCount()).isZero();
    }

    @Test
    void aWrongApiKeyIsAnAuthenticationErrorInTheFutureToo() {
        try (AtelierClient client = AtelierClient.builder().baseUrl(fx.proxy.url()).apiKey("not-a-key").build()) {
            assertThatThrownBy(() -> client.effects().enhance(TestImages.jpeg(64, 48)).scale(2).runAsync().join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(RequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_API_KEY);
                        assertThat(e.code().isAuthentication()).isTrue();
                        assertThat(e.httpStatus()).isEqualTo(401);
                    });
        }
    }

    @Test
    void urlInputsAreRefusedInTheLegacyFamilyBeforeAnythingIsSent() {
        try (AtelierClient client = fx.legacy().build()) {
            assertThatThrownBy(() -> client.effects().enhance(Input.url("https://example.com/a.jpg")).scale(2).run())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v2");
        }
        assertThat(fx.proxy.exchanges(r -> true)).isEmpty();
    }
}
