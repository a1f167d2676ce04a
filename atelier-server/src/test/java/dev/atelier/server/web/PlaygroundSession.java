package dev.atelier.server.web;

import dev.atelier.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every playground browser test sets up: a real server on port 0, a fresh headless Chromium per test (skipped
 * with a message when it is not installed, see {@link Browser}), a folder for the files a test hands to the page,
 * and screenshots named after the test. Register it as a static field with {@link #sharedServer()} (one server for
 * the class) or {@link #serverPerTest()} (each test starts its own with {@link #start}).
 */
final class PlaygroundSession implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final boolean perTest;
    private TestServer server;
    private Browser browser;
    private Path files;
    private String testName;

    private PlaygroundSession(boolean perTest) {
        this.perTest = perTest;
    }

    /** One server with the default settings for every test of the class, started when first used. */
    static PlaygroundSession sharedServer() {
        return new PlaygroundSession(false);
    }

    /** A server per test, started by the test (or on first use with the default settings), stopped after it. */
    static PlaygroundSession serverPerTest() {
        return new PlaygroundSession(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        testName = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        browser = Browser.start();
        files = Files.createTempDirectory("atelier-playground-test-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            browser = null;
            if (perTest) {
                stopServer();
            }
            deleteFiles();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopServer();
    }

    /** Starts this test's server with environment-style settings (only with {@link #serverPerTest()}). */
    TestServer start(Map<String, String> settings) {
        if (!perTest || server != null) {
            throw new IllegalStateException("start(settings) is for a session with a server per test, once per test");
        }
        server = TestServer.start(settings);
        return server;
    }

    TestServer server() {
        if (server == null) {
            server = TestServer.start();
        }
        return server;
    }

    Browser browser() {
        return browser;
    }

    /** The server's base URL. */
    String baseUrl() {
        return server().baseUrl();
    }

    /** Saves the key in the browser through a {@code #key=} link, then opens {@code route} (e.g. "#/effect/x"). */
    void openWithKey(String route) {
        browser.open(baseUrl() + "/#key=" + server().key().apiKey());
        browser.waitFor("body[data-ready]");
        browser.open(baseUrl() + "/" + route);
        browser.waitFor("body[data-ready]");
    }

    /** Writes a file the test then hands to the page. */
    Path file(String name, byte[] bytes) {
        try {
            return Files.write(files.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chooses a file in the page's first (or only) file picker, as a person would through the dialog. */
    void choose(Path file) {
        browser.find("input[type=file]").sendKeys(file.toAbsolutePath().toString());
    }

    /** A screenshot named after the test, with {@code suffix} when a test takes several. */
    Path screenshot(String... suffix) {
        return browser.screenshot(suffix.length == 0 ? testName : testName + "-" + String.join("-", suffix));
    }

    private void stopServer() {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }

    private void deleteFiles() throws IOException {
        if (files == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(files)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        files = null;
    }
}
