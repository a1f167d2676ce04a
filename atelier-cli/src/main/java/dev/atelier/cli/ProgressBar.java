package dev.atelier.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A batch's progress on stderr: {@code enhance [#########-----------]  3/7  45%  photo.jpg}. On a terminal the bar is
 * redrawn in place (at most ten times a second); elsewhere (logs, CI, pipes) one bar line is printed per finished
 * item, so the output stays readable. Thread-safe: workers report from their own threads.
 */
final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final String label;
    private final int total;
    private final boolean terminal;
    private final boolean enabled;
    private final Map<String, Double> running = new ConcurrentHashMap<>();
    private int done;
    private long lastDraw;
    private int lastWidth;

    ProgressBar(PrintStream err, String label, int total, boolean terminal, boolean enabled) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.enabled = enabled;
    }

    /** Whether stderr is an interactive terminal (then the bar redraws in place). */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** An item reports how far it is (0..1). */
    void progress(String item, double fraction) {
        running.put(item, Math.clamp(fraction, 0.0, 1.0));
        if (terminal) {
            draw(item, false);
        }
    }

    /** An item finished (either way); {@code note} is shown beside the bar in line mode. */
    synchronized void finished(String item, String note) {
        running.remove(item);
        done++;
        if (!enabled) {
            return;
        }
        if (terminal) {
            draw(item, true);
        } else {
            err.println(render(item) + (note == null ? "" : "  " + note));
        }
    }

    /** Ends the bar's line on a terminal so later output starts on a fresh line. */
    synchronized void close() {
        if (enabled && terminal && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }

    private synchronized void draw(String item, boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(item);
        err.print("\r" + line + (line.length() < lastWidth ? " ".repeat(lastWidth - line.length()) : ""));
        err.flush();
        lastWidth = line.length();
    }

    /** The bar: finished items count fully, running ones by their fraction. */
    synchronized String render(String item) {
        double partial = running.values().stream().mapToDouble(Double::doubleValue).sum();
        double fraction = total == 0 ? 1 : Math.min(1.0, (done + partial) / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3d%%  %s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, (int) Math.floor(fraction * 100), item);
    }
}
