package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-only key {@code atelier serve} prints. */
class PlaygroundKeyTest {
    private static TestServer server;

    @TempDir
    Path data;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static boolean works(String apiKey) {
        TestClient.Response r = server.client().withToken(apiKey).post("/s2s/v2.0/file", Map.of("files",
                List.of(Map.of("content_type", "image/png", "file_name", "a.png", "file_size", 10))));
        return r.status() == 200;
    }

    @Test
    void onLoopbackAKeyIsCreatedOnceKeptForTheOwnerOnlyAndReusedAfterwards() throws IOException {
        PlaygroundKey.Outcome first = PlaygroundKey.forServe(server.server().credentials(), data, "127.0.0.1");
        assertThat(first).isInstanceOf(PlaygroundKey.Ready.class);
        PlaygroundKey.Ready ready = (PlaygroundKey.Ready) first;
        assertThat(ready.created()).isTrue();
        assertThat(works(ready.apiKey())).isTrue();
        Path file = data.resolve(PlaygroundKey.FILE);
        assertThat(Files.readString(file).strip()).isEqualTo(ready.apiKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ready.describe("http://127.0.0.1:8080")).contains("http://127.0.0.1:8080/#key=" + ready.apiKey());

        PlaygroundKey.Ready again = (PlaygroundKey.Ready) PlaygroundKey.forServe(server.server().credentials(), data,
                "localhost");
        assertThat(again.apiKey()).isEqualTo(ready.apiKey());
        assertThat(again.created()).isFalse();
    }

    @Test
    void aKeyThatNoLongerAuthenticatesIsReplacedUnderTheNextFreeName() throws IOException {
        Path other = data.resolve("other");
        PlaygroundKey.forServe(server.server().credentials(), other, "::1"); // takes a playground name
        Files.writeString(data.resolve(PlaygroundKey.FILE), "atk_revoked_or_tampered\n");

        PlaygroundKey.Ready fresh = (PlaygroundKey.Ready) PlaygroundKey.forServe(server.server().credentials(), data,
                "127.0.0.1");
        assertThat(fresh.created()).isTrue();
        assertThat(fresh.apiKey()).isNotEqualTo("atk_revoked_or_tampered");
        assertThat(works(fresh.apiKey())).isTrue();
        assertThat(Files.readString(data.resolve(PlaygroundKey.FILE)).strip()).isEqualTo(fresh.apiKey());
    }

    @Test
    void beyondLoopbackNoKeyIsCreatedOrPrinted() {
        PlaygroundKey.Outcome outcome = PlaygroundKey.forServe(server.server().credentials(), data, "0.0.0.0");
        assertThat(outcome).isEqualTo(new PlaygroundKey.NotLoopback("0.0.0.0"));
        assertThat(outcome.describe("http://127.0.0.1:8080")).doesNotContain("atk_").contains("keys create");
        assertThat(data.resolve(PlaygroundKey.FILE)).doesNotExist();
    }
}
