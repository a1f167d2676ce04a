package dev.atelier.imaging.bench;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.color.ColorCorrection;
import dev.atelier.imaging.color.Lighting;
import dev.atelier.imaging.composite.Background;
import dev.atelier.imaging.enhance.Enhance;
import dev.atelier.imaging.inpaint.Inpaint;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.imaging.stylize.Style;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side comparison with OpenCV (python3-opencv) and libvips (libvips-tools) on real photos, plus the 12 MP
 * time budget of every classical algorithm. Prints a Markdown report (also written to WORK/results.md).
 *
 * <p>Usage: {@code java -cp bench/jmh/target/benchmarks.jar dev.atelier.imaging.bench.Compare [WORK] [SEED] [budget|resize]};
 * with {@code budget} only the 12 MP timings run, with {@code resize} only the resize and codec comparison.
 */
public final class Compare {
    private static final String[] INPAINT_PHOTOS = {"astronaut.png", "coffee.png", "chelsea.png", "fruits.jpg",
        "baboon.jpg", "building.jpg", "home.jpg", "brick.png", "grass.png", "gravel.png"};
    private static final String[] RESIZE_PHOTOS = {"astronaut.png", "fruits.jpg", "building.jpg", "home.jpg"};
    private static final int HOLES_PER_PHOTO = 3;

    private Compare() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/work").toAbsolutePath();
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261122L;
        Files.createDirectories(work.resolve("inpaint"));
        Files.createDirectories(work.resolve("resize"));
        StringBuilder report = new StringBuilder();
        if (args.length > 2 && args[2].equals("budget")) {
            String budget = budgetReport();
            Files.writeString(work.resolve("budget.md"), budget);
            System.out.println(budget);
            return;
        }
        boolean resizeOnly = args.length > 2 && args[2].equals("resize");
        report.append("Seed ").append(seed).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible to the JVM, java ").append(System.getProperty("java.version")).append("\n\n");

        List<Map<String, Object>> inpaintJobs = new ArrayList<>();
        List<InpaintCase> cases = resizeOnly ? List.of() : prepareInpainting(work, seed, inpaintJobs);
        List<Map<String, Object>> resizeJobs = new ArrayList<>();
        List<ResizeCase> resizes = prepareResize(work, resizeJobs);
        Files.writeString(work.resolve("jobs.json"), Json.write(Map.of("inpaint", inpaintJobs, "resize", resizeJobs)));

        run(List.of("/usr/bin/python3", Path.of("bench/opencv_compare.py").toAbsolutePath().toString(), work.toString()));
        String opencv = Files.readString(work.resolve("opencv_times.json"));

        if (!resizeOnly) {
            report.append(inpaintingReport(cases, opencv));
        }
        report.append(resizeReport(resizes, opencv, work));
        if (!resizeOnly) {
            report.append(budgetReport());
        }
        Files.writeString(work.resolve("results.md"), report);
        System.out.println(report);
    }

    // ---------------------------------------------------------------- inpainting

    record InpaintCase(String id, String photo, Image original, Image mask, Path telea, Path ns, double oursSeconds,
            Image ours) {}

    private static List<InpaintCase> prepareInpainting(Path work, long seed, List<Map<String, Object>> jobs)
            throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<InpaintCase> cases = new ArrayList<>();
        Inpaint.inpaint(BenchImages.photo("astronaut.png"), square(512, 512, 100, 100, 32)); // warm-up
        for (String name : INPAINT_PHOTOS) {
            Image photo = BenchImages.photo(name);
            for (int k = 0; k < HOLES_PER_PHOTO; k++) {
                int size = k % 2 == 0 ? 32 : 48;
                int margin = 24;
                int x = margin + rnd.nextInt(photo.width() - size - 2 * margin);
                int y = margin + rnd.nextInt(photo.height() - size - 2 * margin);
                Image mask = square(photo.width(), photo.height(), x, y, size);
                String id = name.replaceAll("\\..*", "") + "_" + k;
                Image holed = photo.copy();
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < mask.plane(0).length; i++) {
                        if (mask.plane(0)[i] > 0.5f) {
                            holed.plane(c)[i] = 0;
                        }
                    }
                }
                Path src = work.resolve("inpaint/" + id + "_src.png");
                Path maskFile = work.resolve("inpaint/" + id + "_mask.png");
                Files.write(src, Codecs.encode(holed, ImageFormat.PNG, 100));
                Files.write(maskFile, Codecs.encode(mask, ImageFormat.PNG, 100));
                Image[] out = new Image[1];
                double seconds = median(3, () -> out[0] = Inpaint.inpaint(holed, mask));
                Files.write(work.resolve("inpaint/" + id + "_ours.png"), Codecs.encode(out[0], ImageFormat.PNG, 100));
                Path telea = work.resolve("inpaint/" + id + "_telea.png");
                Path ns = work.resolve("inpaint/" + id + "_ns.png");
                Map<String, Object> job = new LinkedHashMap<>();
                job.put("id", id);
                job.put("source", src.toString());
                job.put("mask", maskFile.toString());
                job.put("telea", telea.toString());
                job.put("ns", ns.toString());
                jobs.add(job);
                cases.add(new InpaintCase(id, name, photo, mask, telea, ns, seconds, out[0]));
            }
        }
        return cases;
    }

    private static String inpaintingReport(List<InpaintCase> cases, String opencvJson) throws IOException {
        StringBuilder sb = new StringBuilder("## Inpainting vs OpenCV (PSNR / SSIM inside the hole)\n\n");
        sb.append(HOLES_PER_PHOTO).append(" square holes (32 and 48 px) per photo at seeded positions; the hole is blacked out in the input.\n\n");
        sb.append("| photo | Atelier PSNR | TELEA PSNR | NS PSNR | Atelier SSIM | TELEA SSIM | NS SSIM | Atelier ms | TELEA ms | NS ms |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        double[] psnr = new double[3];
        double[] ssim = new double[3];
        double[][] times = new double[3][cases.size()];
        Map<String, double[][]> perPhoto = new LinkedHashMap<>();
        int i = 0;
        for (InpaintCase c : cases) {
            Image telea = read(c.telea());
            Image ns = read(c.ns());
            Image[] results = {c.ours(), telea, ns};
            double[][] row = perPhoto.computeIfAbsent(c.photo(), k -> new double[7][1]);
            for (int m = 0; m < 3; m++) {
                double p = Metrics.psnr(c.original(), results[m], c.mask());
                double s = Metrics.ssim(c.original(), results[m], c.mask());
                psnr[m] += p;
                ssim[m] += s;
                row[m][0] += p / HOLES_PER_PHOTO;
                row[3 + m][0] += s / HOLES_PER_PHOTO;
            }
            times[0][i] = c.oursSeconds();
            times[1][i] = number(opencvJson, "\"" + c.id() + "\"[^}]*\"telea\": ([0-9.eE-]+)");
            times[2][i] = number(opencvJson, "\"" + c.id() + "\"[^}]*\"ns\": ([0-9.eE-]+)");
            row[6][0] = Math.max(row[6][0], i);
            i++;
        }
        int index = 0;
        for (Map.Entry<String, double[][]> e : perPhoto.entrySet()) {
            double[][] r = e.getValue();
            double[] tOurs = Arrays.copyOfRange(times[0], index, index + HOLES_PER_PHOTO);
            double[] tTelea = Arrays.copyOfRange(times[1], index, index + HOLES_PER_PHOTO);
            double[] tNs = Arrays.copyOfRange(times[2], index, index + HOLES_PER_PHOTO);
            index += HOLES_PER_PHOTO;
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.0f | %.0f | %.0f |%n",
                    e.getKey(), r[0][0], r[1][0], r[2][0], r[3][0], r[4][0], r[5][0],
                    1000 * median(tOurs), 1000 * median(tTelea), 1000 * median(tNs)));
        }
        int n = cases.size();
        sb.append(String.format(Locale.ROOT, "| **mean of %d holes** | **%.2f** | **%.2f** | **%.2f** | **%.3f** | **%.3f** | **%.3f** | %.0f | %.0f | %.0f |%n%n",
                n, psnr[0] / n, psnr[1] / n, psnr[2] / n, ssim[0] / n, ssim[1] / n, ssim[2] / n,
                1000 * median(times[0]), 1000 * median(times[1]), 1000 * median(times[2])));
        sb.append(String.format(Locale.ROOT, "Atelier − TELEA: %+.2f dB PSNR, %+.3f SSIM (target: ≥ +1 dB).%n%n",
                (psnr[0] - psnr[1]) / n, (ssim[0] - ssim[1]) / n));
        return sb.toString();
    }

    // ---------------------------------------------------------------- resize

    record ResizeCase(String id, Image original, Path twelve, int thumbW, int thumbH, Path opencvBack,
            double decode, double decodeForSize, int shrunkWidth, double resize, double encode, double[] pipeline,
            Image oursBack, double shrinkPsnr) {}

    private static List<ResizeCase> prepareResize(Path work, List<Map<String, Object>> jobs) throws Exception {
        List<ResizeCase> out = new ArrayList<>();
        for (String name : RESIZE_PHOTOS) {
            Image photo = BenchImages.photo(name);
            Image big = BenchImages.enlarged(photo, 12);
            String id = name.replaceAll("\\..*", "");
            Path twelve = work.resolve("resize/" + id + "_12mp.jpg");
            Files.write(twelve, Codecs.encode(big, ImageFormat.JPEG, 92));
            byte[] file = Files.readAllBytes(twelve);
            int tw = 1024;
            int th = (int) Math.round(1024.0 * big.height() / big.width());
            Image decoded = Codecs.decode(file, DecodeLimits.defaults());
            Image thumb = Resample.resize(decoded, tw, th, Resample.Kernel.LANCZOS3);
            double decode = median(5, () -> Codecs.decode(file, DecodeLimits.defaults()));
            double decodeForSize = median(5, () -> Codecs.decodeForSize(file, DecodeLimits.defaults(), tw, th));
            double resize = median(5, () -> Resample.resize(decoded, tw, th, Resample.Kernel.LANCZOS3));
            double encode = median(3, () -> Codecs.encode(decoded, ImageFormat.JPEG, 90));
            // The thumbnail pipeline as vipsthumbnail runs it: shrink-on-load, then the Lanczos pass, then encode.
            double[] pipeline = timing(9, () -> Codecs.encode(Resample.resize(
                    Codecs.decodeForSize(file, DecodeLimits.defaults(), tw, th), tw, th, Resample.Kernel.LANCZOS3),
                    ImageFormat.JPEG, 90));
            Image shrunk = Codecs.decodeForSize(file, DecodeLimits.defaults(), tw, th);
            double shrinkPsnr = Metrics.psnr(thumb, Resample.resize(shrunk, tw, th, Resample.Kernel.LANCZOS3));
            Files.write(work.resolve("resize/" + id + "_thumb_ours.jpg"), Codecs.encode(thumb, ImageFormat.JPEG, 90));
            Image back = Resample.resize(decoded, photo.width(), photo.height(), Resample.Kernel.LANCZOS3);
            Path opencvBack = work.resolve("resize/" + id + "_back_opencv.png");
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", id);
            job.put("source", twelve.toString());
            job.put("thumb_w", tw);
            job.put("thumb_h", th);
            job.put("orig_w", photo.width());
            job.put("orig_h", photo.height());
            job.put("opencv_back", opencvBack.toString());
            jobs.add(job);
            out.add(new ResizeCase(id, photo, twelve, tw, th, opencvBack, decode, decodeForSize, shrunk.width(), resize,
                    encode, pipeline, back, shrinkPsnr));
        }
        return out;
    }

    private static String resizeReport(List<ResizeCase> cases, String opencvJson, Path work) throws Exception {
        StringBuilder sb = new StringBuilder("## Resize and JPEG codec vs OpenCV and libvips (12 MP JPEG inputs)\n\n");
        sb.append("Times are medians in ms. \"pipeline\" = decode the 12 MP JPEG for 1024 px (Atelier: shrink-on-load) + Lanczos resize to 1024 px wide + encode JPEG q90. ")
                .append("*decode for 1024* = Atelier's shrink-on-load decode (width decoded in brackets); *shrink PSNR* = its thumbnail against full decode + Lanczos. ")
                .append("vips CLI times include process start-up (`vips --version` median shown as *startup*). ")
                .append("Quality = PSNR of the 12 MP picture resized back to the photo's original size, against the original.\n\n");
        double startup = median(5, () -> run(List.of("vips", "--version")));
        sb.append(String.format(Locale.ROOT, "vips startup: %.0f ms%n%n", 1000 * startup));
        sb.append("| photo | Atelier pipeline | OpenCV pipeline | vipsthumbnail | pipeline / vipsthumbnail | Atelier pipeline CPU | vipsthumbnail CPU | CPU ratio | vips resize (lanczos3) | Atelier decode | Atelier decode for 1024 | shrink PSNR | OpenCV decode | Atelier resize (full 12 MP) | OpenCV resize | Atelier encode | OpenCV encode | vips copy (decode+encode) | PSNR back: Atelier | OpenCV | vips |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Double> ratioThumb = new ArrayList<>();
        List<Double> ratioCpu = new ArrayList<>();
        for (ResizeCase c : cases) {
            String src = c.twelve().toString();
            Path thumbVips = work.resolve("resize/" + c.id() + "_thumb_vips.jpg");
            Path resizeVips = work.resolve("resize/" + c.id() + "_resize_vips.jpg");
            Path copyVips = work.resolve("resize/" + c.id() + "_copy_vips.jpg");
            Path backVips = work.resolve("resize/" + c.id() + "_back_vips.png");
            double scale = c.thumbW() / (double) readWidth(c.twelve());
            double[] thumbnail = commandTiming(9, List.of("vipsthumbnail", src, "--size", c.thumbW() + "x", "-o",
                    thumbVips + "[Q=90]"));
            double vipsResize = median(5, () -> run(List.of("vips", "resize", src, resizeVips + "[Q=90]",
                    String.format(Locale.ROOT, "%.6f", scale), "--kernel", "lanczos3")));
            double copy = median(5, () -> run(List.of("vips", "copy", src, copyVips + "[Q=90]")));
            int bigW = readWidth(c.twelve());
            int bigH = readHeight(c.twelve());
            run(List.of("vips", "resize", src, backVips.toString(),
                    String.format(Locale.ROOT, "%.8f", c.original().width() / (double) bigW), "--vscale",
                    String.format(Locale.ROOT, "%.8f", c.original().height() / (double) bigH), "--kernel", "lanczos3"));
            String key = "\"" + c.id() + "\": \\{[^}]*";
            double cvPipe = number(opencvJson, key + "\"pipeline\": ([0-9.eE-]+)");
            double cvDecode = number(opencvJson, key + "\"decode\": ([0-9.eE-]+)");
            double cvResize = number(opencvJson, key + "\"resize\": ([0-9.eE-]+)");
            double cvEncode = number(opencvJson, key + "\"encode\": ([0-9.eE-]+)");
            double psnrOurs = Metrics.psnr(c.original(), c.oursBack());
            double psnrCv = psnrCropped(c.original(), read(c.opencvBack()));
            double psnrVips = psnrCropped(c.original(), read(backVips));
            ratioThumb.add(c.pipeline()[0] / thumbnail[0]);
            ratioCpu.add(c.pipeline()[1] / thumbnail[1]);
            sb.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.0f | %.0f | %.2f× | %.0f | %.0f | %.2f× | %.0f | %.0f | %.0f (%d px) | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f |%n",
                    c.id(), 1000 * c.pipeline()[0], 1000 * cvPipe, 1000 * thumbnail[0], c.pipeline()[0] / thumbnail[0],
                    1000 * c.pipeline()[1], 1000 * thumbnail[1], c.pipeline()[1] / thumbnail[1],
                    1000 * vipsResize, 1000 * c.decode(), 1000 * c.decodeForSize(), c.shrunkWidth(), c.shrinkPsnr(),
                    1000 * cvDecode, 1000 * c.resize(), 1000 * cvResize, 1000 * c.encode(), 1000 * cvEncode,
                    1000 * copy, psnrOurs, psnrCv, psnrVips));
        }
        double[] r = ratioThumb.stream().mapToDouble(Double::doubleValue).toArray();
        double[] rc = ratioCpu.stream().mapToDouble(Double::doubleValue).toArray();
        sb.append(String.format(Locale.ROOT, "%nAtelier pipeline / vipsthumbnail: median ratio %.2f× wall, %.2f× CPU (target ≤ 1.5×).%n%n",
                median(r), median(rc)));
        return sb.toString();
    }

    private static double psnrCropped(Image a, Image b) {
        int w = Math.min(a.width(), b.width());
        int h = Math.min(a.height(), b.height());
        return Metrics.psnr(crop(a, w, h), crop(b, w, h));
    }

    private static Image crop(Image img, int w, int h) {
        if (img.width() == w && img.height() == h) {
            return img;
        }
        Image out = Image.create(w, h, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(img.plane(Math.min(c, img.channels() - 1)), y * img.width(), out.plane(c), y * w, w);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- 12 MP budget

    private static String budgetReport() {
        StringBuilder sb = new StringBuilder("## Time on a 12 MP picture (target: each under 2 s on 2 cores)\n\n");
        Image photo = BenchImages.enlarged(BenchImages.photo("plant.jpg"), 12);
        Image smallMatte = BenchImages.photo("plant_matte.png");
        Image matte = Image.wrap(photo.width(), photo.height(), Resample.resize(
                Image.wrap(smallMatte.width(), smallMatte.height(), smallMatte.plane(0)), photo.width(), photo.height(),
                Resample.Kernel.BILINEAR).plane(0));
        Image hole = square(photo.width(), photo.height(), photo.width() / 2, photo.height() / 2, 200);
        Image bigHole = square(photo.width(), photo.height(), photo.width() / 3, photo.height() / 3, 400);
        Image quarter = Resample.resize(photo, photo.width() / 2, photo.height() / 2, Resample.Kernel.LANCZOS3);
        Image sixteenth = Resample.resize(photo, photo.width() / 4, photo.height() / 4, Resample.Kernel.LANCZOS3);
        byte[] jpeg = Codecs.encode(photo, ImageFormat.JPEG, 90);
        Map<String, Callable<Object>> tasks = new LinkedHashMap<>();
        tasks.put("JPEG decode", () -> Codecs.decode(jpeg, DecodeLimits.defaults()));
        tasks.put("JPEG encode q90", () -> Codecs.encode(photo, ImageFormat.JPEG, 90));
        tasks.put("WebP encode q80", () -> Codecs.encode(photo, ImageFormat.WEBP, 80));
        tasks.put("Resize to 1024 wide (Lanczos-3)", () -> Resample.resize(photo, 1024, 1024 * photo.height() / photo.width(), Resample.Kernel.LANCZOS3));
        tasks.put("Enhance ×1 (12 MP in)", () -> Enhance.enhance(photo, 1));
        tasks.put("Enhance ×2 (3 MP in, 12 MP out)", () -> Enhance.enhance(quarter, 2));
        tasks.put("Enhance ×4 (0.75 MP in, 12 MP out)", () -> Enhance.enhance(sixteenth, 4));
        tasks.put("Colour correction, 4 variants", () -> ColorCorrection.correct(photo));
        tasks.put("Lighting", () -> Lighting.apply(photo));
        tasks.put("Background blur, intensity 60", () -> Background.blur(photo, matte, 60));
        tasks.put("Background replace (colour)", () -> Background.replace(photo, matte, 1f, 1f, 1f));
        tasks.put("Inpaint 200×200 hole", () -> Inpaint.inpaint(photo, hole));
        tasks.put("Inpaint 400×400 hole", () -> Inpaint.inpaint(photo, bigHole));
        for (Style s : Style.values()) {
            tasks.put("Style " + s.id() + " (filters at " + (s == Style.OIL_PAINTING ? "1" : "2") + " MP)", () -> s.apply(photo));
        }
        sb.append("| algorithm | wall, median of 3 (ms) | CPU, all threads (ms) | CPU under 2 s |\n|---|---|---|---|\n");
        for (Map.Entry<String, Callable<Object>> t : tasks.entrySet()) {
            double[] time = timing(3, t.getValue());
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", t.getKey(), 1000 * time[0], 1000 * time[1],
                    time[1] < 2 ? "yes" : "**no**"));
        }
        return sb.append('\n').toString();
    }

    // ---------------------------------------------------------------- helpers

    static Image square(int w, int h, int x0, int y0, int size) {
        Image m = Image.create(w, h, 1);
        for (int y = y0; y < Math.min(h, y0 + size); y++) {
            for (int x = x0; x < Math.min(w, x0 + size); x++) {
                m.set(0, x, y, 1f);
            }
        }
        return m;
    }

    private static Image read(Path file) throws IOException {
        Image img = Codecs.decode(Files.readAllBytes(file), DecodeLimits.defaults());
        if (img.channels() == 1) {
            return Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0), img.plane(0));
        }
        return img.withoutAlpha();
    }

    private static int readWidth(Path file) throws IOException {
        return Codecs.probe(Files.readAllBytes(file)).width();
    }

    private static int readHeight(Path file) throws IOException {
        return Codecs.probe(Files.readAllBytes(file)).height();
    }

    /**
     * Median wall time and median process CPU time (all threads: workers, GC, JIT), in seconds, of {@code n} runs
     * after one warm-up. On a shared machine wall time depends on the other load; CPU time measures the work itself.
     */
    static double[] timing(int n, Callable<?> task) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try {
            task.call();
            double[] wall = new double[n];
            double[] cpu = new double[n];
            for (int i = 0; i < n; i++) {
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                task.call();
                wall[i] = (System.nanoTime() - start) / 1e9;
                cpu[i] = (os.getProcessCpuTime() - cpu0) / 1e9;
            }
            return new double[] {median(wall), median(cpu)};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #timing} for an external command: CPU time is its user + system time from {@code /usr/bin/time}. */
    static double[] commandTiming(int n, List<String> command) throws Exception {
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "cpu %U %S"));
        timed.addAll(command);
        run(timed);
        double[] wall = new double[n];
        double[] cpu = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            String output = (String) run(timed);
            wall[i] = (System.nanoTime() - start) / 1e9;
            Matcher m = Pattern.compile("cpu ([0-9.]+) ([0-9.]+)").matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("no /usr/bin/time line in " + output);
            }
            cpu[i] = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
        }
        return new double[] {median(wall), median(cpu)};
    }

    /** Median wall time in seconds of {@code n} runs after one warm-up run. */
    static double median(int n, Callable<?> task) {
        try {
            task.call();
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                task.call();
                t[i] = (System.nanoTime() - start) / 1e9;
            }
            return median(t);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Object run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static double number(String json, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Just enough JSON writing for the job file (maps, lists, strings, numbers). */
    static final class Json {
        static String write(Object o) {
            if (o instanceof Map<?, ?> m) {
                StringBuilder sb = new StringBuilder("{");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append(write(String.valueOf(e.getKey()))).append(':').append(write(e.getValue()));
                }
                return sb.append('}').toString();
            }
            if (o instanceof List<?> l) {
                StringBuilder sb = new StringBuilder("[");
                for (Object v : l) {
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append(write(v));
                }
                return sb.append(']').toString();
            }
            if (o instanceof Number n) {
                return n.toString();
            }
            return '"' + String.valueOf(o).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
