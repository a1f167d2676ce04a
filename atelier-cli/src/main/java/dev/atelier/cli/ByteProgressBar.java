package dev.atelier.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line byte-count progress bar on stderr (downloads): redrawn in place on a terminal, a line every 10% otherwise (logs, CI), so
 * long work always shows progress without flooding a log.
 */
final class ByteProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private String stage = "";
    private int lastDecile = -1;
    private long lastDraw;

    ByteProgressBar(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null;
    }

    /** @param total -1 when unknown */
    synchronized void update(String newStage, long done, long total) {
        long now = System.nanoTime();
        boolean stageChanged = !newStage.equals(stage);
        stage = newStage;
        if (interactive) {
            if (!stageChanged && now - lastDraw < 100_000_000L && done != total) {
                return;
            }
            lastDraw = now;
            out.print("\r" + line(done, total) + "   ");
            out.flush();
            return;
        }
        int decile = total > 0 ? (int) (done * 10 / total) : -1;
        if (stageChanged || (decile != lastDecile && decile >= 0)) {
            lastDecile = decile;
            out.println(line(done, total));
        }
    }

    synchronized void finish(String message) {
        if (interactive) {
            out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
        }
        out.println(message);
    }

    private String line(long done, long total) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%-16s %s", stage, human(done));
        }
        int filled = (int) (WIDTH * Math.min(1.0, done / (double) total));
        return String.format(Locale.ROOT, "%-16s [%s%s] %3d%% %s / %s", stage, "#".repeat(filled),
                "-".repeat(WIDTH - filled), (int) (100 * done / total), human(done), human(total));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
