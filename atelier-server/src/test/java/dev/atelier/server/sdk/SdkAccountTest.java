package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.client.Account;
import dev.atelier.client.ApiFamily;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.Face;
import dev.atelier.client.Input;
import dev.atelier.client.RequestException;
import dev.atelier.client.TaskResult;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.credits.Units;
import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Account calls (credits, history, feature costs, task deletion) and face pre-processing through the SDK. */
class SdkAccountTest {
    private SdkFixture fx = new SdkFixture();

    @AfterEach
    void stop() {
        fx.closeCheckingContract();
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void creditsAndHistoryFollowAGrantAndATask(ApiFamily family) {
        try (AtelierClient client = fx.client(family)) {
            assertThat(client.account().credits().metered()).as("never granted: unlimited").isFalse();
            fx.server.server().ledger().grant(fx.keyId(), Units.parse("10"), GrantType.PAYG, null, "test");

            TaskResult r = client.effects().enhance(Input.of(TestImages.jpeg(64, 48))).scale(1).run();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> client.account().credits().available() == 8.0);

            Account.Credits credits = client.account().credits();
            assertThat(credits.metered()).isTrue();
            assertThat(credits.reserved()).isZero();
            assertThat(credits.grants()).singleElement().satisfies(g -> {
                assertThat(g.units()).isEqualTo(8.0);
                assertThat(g.type()).isEqualTo("ApiPaygToken");
                assertThat(g.expiresAt()).isNull();
            });
            Account.HistoryPage history = client.account().creditHistory(1, null);
            assertThat(history.entries()).singleElement()
                    .satisfies(e -> assertThat(e.targetId()).isEqualTo(r.taskId()));
            assertThat(history.nextToken()).isNotNull();
            Account.HistoryPage older = client.account().creditHistory(30, history.nextToken());
            assertThat(older.entries()).isNotEmpty().noneMatch(e -> r.taskId().equals(e.targetId()));
        }
    }

    @Test
    void featureCostsListEveryFeatureWithItsPrice() {
        try (AtelierClient client = fx.v2().build()) {
            List<Account.FeatureCost> costs = client.account().featureCosts();
            assertThat(costs).extracting(Account.FeatureCost::feature).contains("enhance", "text-to-image-youcam", "images-generations")
                    .doesNotHaveDuplicates();
            assertThat(costs).filteredOn(c -> c.feature().equals("enhance")).singleElement()
                    .satisfies(c -> assertThat(c.units()).isEqualTo(2.0));
        }
    }

    @Test
    void aDeletedTaskLosesItsResultAndItsStatus() {
        try (AtelierClient client = fx.v2().build()) {
            TaskResult r = client.effects().enhance(Input.of(TestImages.jpeg(64, 48))).scale(1).run();
            assertThat(TestClient.fetch(r.url()).status()).isEqualTo(200);

            client.account().deleteTask(r.taskId());

            assertThat(TestClient.fetch(r.url()).status()).isNotEqualTo(200);
            assertThatThrownBy(() -> client.account().deleteTask(r.taskId()))
                    .isInstanceOfSatisfying(RequestException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TASK_ID));
        }
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void facePreProcessWithoutItsModelIsUnavailable(ApiFamily family) {
        try (AtelierClient client = fx.client(family)) {
            assertThatThrownBy(() -> client.effects().facePreProcess(Input.of(TestImages.jpeg(64, 48))).run())
                    .isInstanceOfSatisfying(RequestException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FEATURE_UNAVAILABLE));
        }
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void facePreProcessFindsTheAstronautsFace(ApiFamily family) {
        var models = RealModels.modelsDir("blazeface-back");
        byte[] astronaut = RealModels.photo("astronaut.png");
        fx.close();
        fx = new SdkFixture(Map.of("ATELIER_MODELS_DIR", models.toString()));
        try (AtelierClient client = fx.client(family)) {
            List<Face> faces = client.effects().facePreProcess(Input.of(astronaut)).run().faces();

            assertThat(faces).singleElement().satisfies(f -> {
                assertThat(f.left()).isBetween(150, 260);
                assertThat(f.left() + f.width()).isBetween(230, 330);
                assertThat(f.height()).isPositive();
            });
        }
    }
}
