package dev.atelier.engines.quality;

import dev.atelier.engines.quality.InpaintingQuality.Built;
import dev.atelier.engines.quality.InpaintingQuality.Measured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quality evaluation suite ({@code bench/quality/run.sh}): builds every case from the real sample photos, runs
 * the effects and their baselines, prints one table and writes it, with the per-case details, into
 * {@code bench/README.md} between the {@code quality:begin}/{@code quality:end} markers. Pictures worth looking at go
 * to {@code bench/work/quality}.
 *
 * <p>Usage: {@code QualitySuite REPO_ROOT [SEED]}; {@code -Dquality.only=matting} runs one section and leaves the
 * README alone (for work on that section).
 */
public final class QualitySuite {
    static final String BEGIN = "<!-- quality:begin -->";
    static final String END = "<!-- quality:end -->";

    private QualitySuite() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261207L;
        System.out.println("quality suite, seed " + seed);
        Path work = root.resolve("bench/work/quality");
        Files.createDirectories(work);
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        try (Bench bench = new Bench(work)) {
            if (System.getProperty("quality.only") == null) {
                inpainting(bench, root, seed, rows, details);
            }
            if (!"enhance".equals(System.getProperty("quality.only"))) {
                matting(bench, rows, details);
            }
            enhance(bench, seed, rows, details);
        }
        String table = Row.markdown(rows);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println();
        System.out.println(table);
        System.out.print(details);
        System.out.printf(Locale.ROOT, "suite ran in %.0f s%n", seconds);
        if (System.getProperty("quality.only") == null) {
            writeReadme(root.resolve("bench/README.md"), seed, table, details.toString(), seconds);
        }
    }

    private static void inpainting(Bench bench, Path root, long seed, List<Row> rows, StringBuilder details)
            throws IOException, InterruptedException {
        List<Built> cases = new ArrayList<>();
        List<Measured> atelier = new ArrayList<>();
        List<OpenCv.Job> jobs = new ArrayList<>();
        long ms = 0;
        for (InpaintingQuality.Case c : InpaintingQuality.FULL) {
            Built b = InpaintingQuality.build(bench, c, seed);
            cases.add(b);
            long t0 = System.nanoTime();
            var result = InpaintingQuality.atelier(bench, b);
            ms += (System.nanoTime() - t0) / 1_000_000;
            Measured m = InpaintingQuality.measure(bench, b, result);
            atelier.add(m);
            String id = "inpaint-" + c.id();
            bench.save(b.input(), id + "-input");
            bench.save(b.hole(), id + "-mask");
            bench.save(b.truth(), id + "-truth");
            bench.save(result, id + "-atelier");
            Path dir = bench.out;
            jobs.add(new OpenCv.Job(dir.resolve(id + "-input.png"), dir.resolve(id + "-mask.png"),
                    dir.resolve(id + "-telea.png"), dir.resolve(id + "-ns.png")));
            System.out.printf(Locale.ROOT, "inpainting %-28s PSNR %.2f SSIM %.3f faces %d/%d copies %d%n", c.id(),
                    m.psnr(), m.ssim(), m.faces(), b.truthFaces().size(), m.faceCopies());
        }
        List<Measured> telea = new ArrayList<>();
        List<Measured> ns = new ArrayList<>();
        String missing = OpenCv.unavailable();
        if (missing == null) {
            OpenCv.inpaint(root.resolve("bench/quality/opencv_inpaint.py"), jobs, bench.out);
            for (int i = 0; i < cases.size(); i++) {
                telea.add(InpaintingQuality.measure(bench, cases.get(i), Pictures.loadRgb(jobs.get(i).telea())));
                ns.add(InpaintingQuality.measure(bench, cases.get(i), Pictures.loadRgb(jobs.get(i).ns())));
            }
        } else {
            System.out.println("OpenCV baseline skipped: " + missing);
        }
        rows.addAll(InpaintingQuality.rows(atelier, telea, ns));
        details.append("\nInpainting, per case (PSNR dB / SSIM in the hole; faces found in the result / in the clean "
                + "photo; fill blocks copied from a face). Atelier took ").append(ms).append(" ms for all cases.\n\n");
        details.append("| case | hole px | Atelier | TELEA | NS | faces Atelier / TELEA / clean | face copies |\n");
        details.append("|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < atelier.size(); i++) {
            Measured a = atelier.get(i);
            Built b = a.built();
            int area = 0;
            for (float v : b.hole().plane(0)) {
                area += v > 0.5f ? 1 : 0;
            }
            details.append(String.format(Locale.ROOT, "| %s | %d | %.2f / %.3f | %s | %s | %d / %s / %d | %d |%n",
                    b.spec().id(), area, a.psnr(), a.ssim(), pair(telea, i), pair(ns, i), a.faces(),
                    telea.isEmpty() ? "n/a" : String.valueOf(telea.get(i).faces()), b.truthFaces().size(),
                    a.faceCopies()));
        }
    }

    private static void matting(Bench bench, List<Row> rows, StringBuilder details) {
        List<MattingQuality.Measured> ms = new ArrayList<>();
        details.append("\nMattes and edges, per case (alpha SAD; halo with the source colours → Atelier's; PSNR in "
                + "the edge band of the plain composite → Atelier's, for background change and blur).\n\n");
        details.append("| case | alpha SAD | halo | halo, true matte | change PSNR | blur PSNR |\n"
                + "|---|---|---|---|---|---|\n");
        for (MattingQuality.Case c : MattingQuality.FULL) {
            MattingQuality.Measured m = MattingQuality.measure(bench, MattingQuality.build(bench, c));
            ms.add(m);
            String line = String.format(Locale.ROOT,
                    "| %s | %.2f | %.2f → %.2f | %.2f → %.2f | %.2f → %.2f | %.2f → %.2f |%n", c.id(), m.sad(),
                    m.halo()[0], m.halo()[1], m.trueMatteHalo()[0], m.trueMatteHalo()[1], m.replace()[0],
                    m.replace()[1], m.blur()[0], m.blur()[1]);
            System.out.print("matting " + line);
            details.append(line);
        }
        rows.addAll(MattingQuality.rows(ms));
    }

    private static void enhance(Bench bench, long seed, List<Row> rows, StringBuilder details) {
        List<EnhanceQuality.Measured> ms = new ArrayList<>();
        details.append("\nEnhance ×1, per photo (PSNR of the noisy copy → of Atelier's ×1 result; overshoot of ×1 on "
                + "the clean photo at strong edges, 0–255).\n\n| photo | PSNR | overshoot |\n|---|---|---|\n");
        for (String photo : EnhanceQuality.PHOTOS) {
            EnhanceQuality.Measured m = EnhanceQuality.measure(bench, photo, seed);
            ms.add(m);
            String line = String.format(Locale.ROOT, "| %s | %.2f → %.2f | %.2f |%n", photo, m.noisyPsnr(),
                    m.enhancedPsnr(), m.overshoot());
            System.out.print("enhance " + line);
            details.append(line);
        }
        rows.addAll(EnhanceQuality.rows(ms));
    }

    private static String pair(List<Measured> list, int i) {
        return list.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.2f / %.3f", list.get(i).psnr(), list.get(i).ssim());
    }

    private static void writeReadme(Path readme, long seed, String table, String details, double seconds)
            throws IOException {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String section = BEGIN + "\n" + String.format(Locale.ROOT,
                "Last run %s, seed %d, %d cores, no GPU, load average %.1f at the end, %.0f s in all "
                        + "(`bench/quality/run.sh`).%n%n",
                LocalDate.now(), seed, Runtime.getRuntime().availableProcessors(), load, seconds)
                + table + details + END;
        String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        String updated;
        if (b >= 0 && e > b) {
            updated = text.substring(0, b) + section + text.substring(e + END.length());
        } else {
            updated = text + "\n## Quality suite\n\n" + section + "\n";
        }
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
        System.out.println("table written to " + readme);
    }
}
