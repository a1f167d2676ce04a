package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Debian Chromium driven by Selenium, for the playground's browser tests: a fresh profile per session,
 * every network request the page makes recorded (from Chrome's performance log), screenshots under
 * {@code target/screenshots/}.
 *
 * <p>When {@code chromium} or {@code chromium-driver} is missing the tests are skipped with a message naming the
 * packages, unless {@code ATELIER_REQUIRE_BROWSER=1} (set by {@code .ci/run}) makes that a failure.
 */
final class Browser implements AutoCloseable {
    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.Set<String> LOCAL_SCHEMES = java.util.Set.of("data", "blob", "about", "chrome",
            "chrome-untrusted", "devtools");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> requests = new ArrayList<>();
    private final List<String> console = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser, or skips (fails under ATELIER_REQUIRE_BROWSER=1) when Chromium is not installed. */
    static Browser start() {
        Optional<Path> chromium = executable("ATELIER_CHROMIUM", "/usr/bin/chromium", "/usr/lib/chromium/chromium");
        Optional<Path> driverBinary = executable("ATELIER_CHROMEDRIVER", "/usr/bin/chromedriver",
                "/usr/lib/chromium/chromedriver");
        if (chromium.isEmpty() || driverBinary.isEmpty()) {
            String missing = (chromium.isEmpty() ? "chromium " : "") + (driverBinary.isEmpty() ? "chromium-driver" : "");
            String message = "Browser tests need the Debian packages chromium and chromium-driver (missing: "
                    + missing.strip() + "); install them with: " + INSTALL;
            if ("1".equals(System.getenv("ATELIER_REQUIRE_BROWSER"))) {
                fail(message + " (ATELIER_REQUIRE_BROWSER=1)");
            }
            Assumptions.abort(message);
        }
        try {
            Path profile = Files.createTempDirectory("atelier-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.get().toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                    "--window-size=1280,1000");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverBinary.get().toFile())
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> executable(String env, String... candidates) {
        String configured = System.getenv(env);
        Stream<String> all = configured == null ? Stream.of(candidates)
                : Stream.concat(Stream.of(configured), Stream.of(candidates));
        return all.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    void phoneSized() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Drags the pointer across a canvas showing a {@code width}×{@code height} image, between two points given in
     * image pixels, in small steps as a hand would.
     */
    void drag(WebElement canvas, int width, int height, double x0, double y0, double x1, double y1) {
        // Element offsets count from the centre of the element's visible part: show all of it first.
        js("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", canvas);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) js(
                "const r = arguments[0].getBoundingClientRect(); return {w: r.width, h: r.height};", canvas);
        double w = ((Number) r.get("w")).doubleValue();
        double h = ((Number) r.get("h")).doubleValue();
        double sx = w / width;
        double sy = h / height;
        org.openqa.selenium.interactions.Actions a = new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(canvas, (int) Math.round(x0 * sx - w / 2), (int) Math.round(y0 * sy - h / 2))
                .clickAndHold();
        int steps = 8;
        for (int i = 1; i <= steps; i++) {
            double x = x0 + (x1 - x0) * i / steps;
            double y = y0 + (y1 - y0) * i / steps;
            a.moveToElement(canvas, (int) Math.round(x * sx - w / 2), (int) Math.round(y * sy - h / 2));
        }
        a.release().perform();
    }

    /** Sets the mask brush's size (in image pixels) as its slider would. */
    void brushSize(int pixels) {
        js("""
                const r = document.querySelector('.mask-tools input[type=range]');
                r.value = arguments[0]; r.dispatchEvent(new Event('input'));""", pixels);
    }

    /**
     * Paints one stroke of a {@code size}-pixel brush on the page's mask canvas, which shows a
     * {@code width}×{@code height} image (points in image pixels).
     */
    void paintStroke(int width, int height, int size, double x0, double y0, double x1, double y1) {
        WebElement canvas = waitFor("[data-role=mask-canvas]");
        brushSize(size);
        drag(canvas, width, height, x0, y0, x1, y1);
    }

    /** Waits until an element matching {@code css} is displayed, and returns it. */
    WebElement waitFor(String css) {
        // found and checked in one go: a page that re-renders between two look-ups would hand back a stale element
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> driver.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
                        .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** Waits until the element's text contains {@code text}, and returns the whole text. */
    String waitForText(String css, String text) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> find(css).getText().contains(text));
        return find(css).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object jsAsync(String script, Object... args) {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** The bytes behind a URL the page holds (a blob: URL of a result or an exported mask). */
    byte[] bytesOf(String url) {
        Object r = jsAsync("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(buf => {
                  const u = new Uint8Array(buf); let s = '';
                  for (let i = 0; i < u.length; i += 1) s += String.fromCharCode(u[i]);
                  done(btoa(s));
                }).catch(e => done('ERROR ' + e));""", url);
        assertThat((String) r).doesNotStartWith("ERROR");
        return Base64.getDecoder().decode((String) r);
    }

    /** Saves a screenshot of the whole page (not only the window) as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
            long chrome = (Long) js("return window.outerHeight - window.innerHeight");
            driver.manage().window().setSize(new Dimension(window.width, (int) Math.min(8000, height + chrome)));
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(window);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the window shows now (a canvas-first page fills the window: no full-page resize). */
    Path windowScreenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every URL requested so far that could leave the machine: http(s), ws(s) and the like. Local schemes are left
     * out: data: and blob: (the page's own bytes) and the browser's internal pages (chrome:, e.g. the new tab page a
     * fresh profile opens before the test navigates).
     */
    List<String> requests() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asString("");
            if (method.equals("Network.requestWillBeSent")) {
                requests.add(message.path("params").path("request").path("url").asString(""));
            } else if (method.equals("Network.webSocketCreated")) {
                requests.add(message.path("params").path("url").asString(""));
            }
        }
        return requests.stream().filter(u -> !LOCAL_SCHEMES.contains(u.substring(0, Math.max(0, u.indexOf(':')))))
                .toList();
    }

    /** Console messages so far, as "LEVEL message". */
    List<String> console() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(console);
    }

    /** Fails unless every request went to {@code baseUrl}'s host and port, and no script error or CSP report. */
    void assertOnlyTalkedTo(String baseUrl) {
        URI base = URI.create(baseUrl);
        List<String> seen = requests();
        assertThat(seen).as("requests the page made").isNotEmpty();
        assertThat(seen).as("every request goes to %s", base.getRawAuthority())
                .allSatisfy(u -> {
                    URI uri = URI.create(u);
                    assertThat(uri.getScheme()).isIn("http", "https");
                    assertThat(uri.getRawAuthority()).isEqualTo(base.getRawAuthority());
                });
        assertThat(console()).as("console").noneMatch(m -> m.contains("Content Security Policy")
                || m.contains("Uncaught"));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temporary profile
            }
        }
    }
}
