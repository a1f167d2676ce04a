package dev.atelier.server.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Units over real HTTP: reservations under concurrency, settlement, release, deduction order, the endpoints. */
class CreditsTest {
    private static final Instant FAR = Instant.parse("2999-01-01T00:00:00Z");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(Map<String, String> settings) {
        server = TestServer.start(settings);
        return server;
    }

    private String keyId() {
        return server.keyId(server.key());
    }

    private static String upload(TestClient c, byte[] bytes, String type) {
        TestClient.Response files = c.post("/s2s/v2.0/file", Map.of("files", List.of(Map.of("content_type", type,
                "file_name", "photo", "file_size", bytes.length))));
        JsonNode slot = files.json().path("data").path("files").get(0);
        JsonNode request = slot.path("requests").get(0);
        TestClient.Response put = TestClient.put(request.path("url").asString(), bytes,
                Map.of("Content-Type", type));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return slot.path("file_id").asString();
    }

    private static TestClient.Response run(TestClient c, String fileId) {
        return c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", fileId, "scale", 1));
    }

    private static JsonNode waitDone(TestClient c, String taskId) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode d = c.get("/s2s/v2.0/task/enhance/" + taskId).json().path("data");
            last.set(d);
            return !d.path("task_status").asString().equals("running");
        });
        return last.get();
    }

    @Test
    void twoHundredConcurrentSubmitsAgainstFiftyUnitsAcceptExactlyFifty() throws Exception {
        start(Map.of("ATELIER_FEATURE_COSTS", "enhance=1", "ATELIER_WORKERS", "2"));
        TestClient c = server.client();
        server.server().ledger().grant(keyId(), Units.parse("50"), GrantType.PAYG, null, "test");
        String fileId = upload(c, TestImages.jpeg(32, 32), "image/jpeg");

        List<Future<TestClient.Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> run(c, fileId)));
            }
        }
        int accepted = 0;
        int refused = 0;
        for (Future<TestClient.Response> f : calls) {
            TestClient.Response r = f.get();
            if (r.status() == 200) {
                accepted++;
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(400);
                assertThat(r.json().path("error_code").asString()).isEqualTo("CreditInsufficiency");
                refused++;
            }
        }
        assertThat(accepted).isEqualTo(50);
        assertThat(refused).isEqualTo(150);
        Balance during = server.server().ledger().balance(keyId());
        assertThat(during.available()).isZero();
        assertThat(during.available() + during.reserved()).isLessThanOrEqualTo(Units.parse("50"));

        await().atMost(Duration.ofSeconds(120)).until(() -> server.server().ledger().balance(keyId()).reserved() == 0);
        assertThat(server.server().ledger().balance(keyId()).available()).isZero();
        assertThat(server.server().usage().list(keyId(), Instant.EPOCH, FAR, 0, 1000)).hasSize(50);
    }

    @Test
    void failedTasksAreNotChargedAndSuccessfulOnesAre() {
        start(Map.of("ATELIER_FEATURE_COSTS", "enhance=1.25"));
        TestClient c = server.client();
        server.server().ledger().grant(keyId(), Units.parse("3"), GrantType.PAYG, null, null);

        String corrupt = upload(c, "not an image".getBytes(), "image/jpeg");
        String failed = run(c, corrupt).json().path("data").path("task_id").asString();
        assertThat(waitDone(c, failed).path("task_status").asString()).isEqualTo("error");
        await().until(() -> server.server().ledger().balance(keyId()).reserved() == 0);
        assertThat(server.server().ledger().balance(keyId()).available()).isEqualTo(300);

        String good = upload(c, TestImages.jpeg(32, 32), "image/jpeg");
        String ok = run(c, good).json().path("data").path("task_id").asString();
        assertThat(waitDone(c, ok).path("task_status").asString()).isEqualTo("success");
        await().until(() -> server.server().ledger().balance(keyId()).reserved() == 0);
        assertThat(server.server().ledger().balance(keyId()).available()).isEqualTo(175);

        JsonNode credit = c.get("/s2s/v1.0/client/credit").json();
        assertThat(credit.path("results").get(0).path("amount_dec").asDouble()).isEqualTo(1.75);
        assertThat(credit.path("results").get(0).path("amount").asInt()).isEqualTo(1);
        assertThat(credit.path("results").get(0).path("type").asString()).isEqualTo("ApiPaygToken");

        JsonNode history = c.get("/s2s/v1.0/client/credit/history").json().path("result").path("history");
        assertThat(history).hasSize(2); // the grant and one charge; the failed task left no trace
        assertThat(history.get(0).path("action").asString()).isEqualTo("api_photo_enhance");
        assertThat(history.get(0).path("target_id").asString()).isEqualTo(ok);
        assertThat(history.get(0).path("info").path("credits").get(0).path("amount_dec").asDouble()).isEqualTo(-1.25);
        assertThat(history.get(1).path("action").asString()).isEqualTo("permanent_credits");

        java.util.List<UsageRecord> records = server.server().usage().list(keyId(), Instant.EPOCH, FAR, 0, 10);
        UsageRecord failure = records.getFirst(); // audited, but neither charged nor costed
        assertThat(failure.taskId()).isEqualTo(failed);
        assertThat(failure.status()).isEqualTo(UsageRecord.ERROR);
        assertThat(failure.errorCode()).isNotBlank();
        assertThat(failure.units()).isZero();
        UsageRecord usage = records.get(1);
        assertThat(usage.taskId()).isEqualTo(ok);
        assertThat(usage.status()).isEqualTo(UsageRecord.SUCCESS);
        assertThat(usage.feature()).isEqualTo("enhance");
        assertThat(usage.units()).isEqualTo(125);
        assertThat(usage.engine()).isNotBlank();
        assertThat(usage.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(usage.width()).isEqualTo(32);
        assertThat(usage.runMs()).isNotNull();
    }

    @Test
    void unitsComeFromTheGrantClosestToExpiryThenTheEarliestAcquired() {
        start(Map.of("ATELIER_FEATURE_COSTS", "enhance=1"));
        TestClient c = server.client();
        CreditLedger ledger = server.server().ledger();
        Instant now = server.clock().instant();
        Grant never = ledger.grant(keyId(), 100, GrantType.PAYG, null, "never");
        server.clock().advance(Duration.ofSeconds(1));
        Grant late = ledger.grant(keyId(), 100, GrantType.SUBSCRIPTION, now.plus(Duration.ofDays(30)), "30 days");
        server.clock().advance(Duration.ofSeconds(1));
        Grant soonSecond = ledger.grant(keyId(), 100, GrantType.SUBSCRIPTION, now.plus(Duration.ofDays(2)), "2 days b");
        Grant soonFirst = ledger.grant(keyId(), 100, GrantType.SUBSCRIPTION, now.plus(Duration.ofDays(2)), "2 days a");
        // soonFirst and soonSecond expire together; soonSecond was acquired first only if the clock moved: move it
        server.clock().advance(Duration.ofSeconds(1));

        String fileId = upload(c, TestImages.jpeg(32, 32), "image/jpeg");
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String task = run(c, fileId).json().path("data").path("task_id").asString();
            waitDone(c, task);
            await().until(() -> ledger.balance(keyId()).reserved() == 0);
            JsonNode latest = c.get("/s2s/v2.0/client/credit/history?page_size=1").json().path("data")
                    .path("history").get(0);
            order.add(latest.path("info").path("credits").get(0).path("id").asLong());
        }
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder(soonSecond.id(), soonFirst.id());
        assertThat(order.subList(2, 4)).containsExactly(late.id(), never.id());
        assertThat(c.get("/s2s/v1.0/client/credit").json().path("results")).isEmpty();
    }

    @Test
    void tiesOnExpiryGoToTheEarliestAcquired() {
        start(Map.of("ATELIER_FEATURE_COSTS", "enhance=1"));
        TestClient c = server.client();
        CreditLedger ledger = server.server().ledger();
        Instant expiry = server.clock().instant().plus(Duration.ofDays(5));
        Grant first = ledger.grant(keyId(), 100, GrantType.PAYG, expiry, null);
        server.clock().advance(Duration.ofSeconds(1));
        ledger.grant(keyId(), 100, GrantType.PAYG, expiry, null);
        String task = run(c, upload(c, TestImages.jpeg(32, 32), "image/jpeg")).json().path("data").path("task_id")
                .asString();
        waitDone(c, task);
        await().until(() -> ledger.balance(keyId()).reserved() == 0);
        assertThat(ledger.grants(keyId())).filteredOn(g -> g.id() == first.id()).singleElement()
                .extracting(Grant::remaining).isEqualTo(0L);
    }

    @Test
    void aRetriedRequestIdReturnsItsTaskWithoutReservingAgain() {
        start(Map.of("ATELIER_FEATURE_COSTS", "enhance=1"));
        TestClient c = server.client();
        server.server().ledger().grant(keyId(), 100, GrantType.PAYG, null, null);
        String fileId = upload(c, TestImages.jpeg(32, 32), "image/jpeg");
        Map<String, Object> body = Map.of("request_id", 0, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(fileId)),
                "actions", List.of(Map.of("id", 0, "params", Map.of("scale", 1)))));
        String first = c.post("/s2s/v1.0/task/enhance", body).json().path("result").path("task_id").asString();
        TestClient.Response retry = c.post("/s2s/v1.0/task/enhance", body);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.json().path("result").path("task_id").asString()).isEqualTo(first);

        Map<String, Object> next = Map.of("request_id", 1, "payload", body.get("payload"));
        TestClient.Response refused = c.post("/s2s/v1.0/task/enhance", next);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error_code").asString()).isEqualTo("CreditInsufficiency");
    }

    @Test
    void keysWithoutGrantsRunUnlimitedAndTheirUsageIsRecordedUnlessEnforced() {
        start(Map.of());
        TestClient c = server.client();
        String task = run(c, upload(c, TestImages.jpeg(32, 32), "image/jpeg")).json().path("data").path("task_id")
                .asString();
        assertThat(waitDone(c, task).path("task_status").asString()).isEqualTo("success");
        await().until(() -> !server.server().usage().list(keyId(), Instant.EPOCH, FAR, 0, 10).isEmpty());
        JsonNode credit = c.get("/s2s/v2.0/client/credit").json().path("data");
        assertThat(credit.path("balance").path("metered").asBoolean()).isFalse();
        JsonNode history = c.get("/s2s/v2.0/client/credit/history").json().path("data").path("history");
        assertThat(history.get(0).path("info").path("units_dec").asDouble()).isEqualTo(-2.0);
        server.close();

        start(Map.of("ATELIER_CREDITS_ENFORCED", "true"));
        TestClient enforced = server.client();
        TestClient.Response refused = run(enforced, upload(enforced, TestImages.jpeg(32, 32), "image/jpeg"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error_code").asString()).isEqualTo("CreditInsufficiency");
    }

    @Test
    void historyPagesWithStartingTokenAndTheFeatureCostListsTheEffectTable() {
        start(Map.of("ATELIER_FEATURE_COSTS", "enhance=0.5"));
        TestClient c = server.client();
        for (int i = 0; i < 3; i++) {
            server.server().ledger().grant(keyId(), 100 + i, GrantType.PAYG, null, null);
        }
        JsonNode page1 = c.get("/s2s/v1.0/client/credit/history?page_size=2").json().path("result");
        assertThat(page1.path("history")).hasSize(2);
        String token = page1.path("next_token").asString();
        JsonNode page2 = c.get("/s2s/v1.0/client/credit/history?page_size=2&starting_token=" + token).json()
                .path("result");
        assertThat(page2.path("history")).hasSize(1);
        assertThat(page2.path("next_token").isNull()).isTrue();
        assertThat(page2.path("history").get(0).path("id").asLong())
                .isLessThan(page1.path("history").get(1).path("id").asLong());
        assertThat(c.get("/s2s/v1.0/client/credit/history?page_size=31").status()).isEqualTo(400);

        JsonNode skus = c.get("/s2s/v2.0/credit/feature-cost").json().path("result").path("skus");
        assertThat(skus.get(0).path("amount").asDouble()).isEqualTo(0.5);
        assertThat(skus.get(0).path("run_task_url").asString()).endsWith("/s2s/v2.0/task/enhance");
        assertThat(c.withToken("nope").get("/s2s/v2.0/credit/feature-cost").status()).isEqualTo(401);
    }
}
