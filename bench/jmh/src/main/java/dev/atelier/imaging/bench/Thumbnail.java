package dev.atelier.imaging.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The 12 MP JPEG → 1024 px thumbnail pipeline (shrink-on-load decode, Lanczos-3 in linear light, JPEG q90), as
 * {@code vipsthumbnail -s 1024} does it (issue 19).
 *
 * <ul>
 *   <li>{@code once IN OUT SIZE}: one thumbnail in a fresh JVM (what a one-shot command costs; the script measures
 *       the whole process, with and without an AOT cache trained on this same command).</li>
 *   <li>{@code warm IN SIZE ROUNDS}: in process, after a warm-up; each round times one thumbnail here (wall and the
 *       process CPU of all threads) and one {@code vipsthumbnail} process (wall, and its user + sys CPU from
 *       {@code /usr/bin/time}), interleaved so both see the same load. Prints medians and the ratios.</li>
 * </ul>
 */
public final class Thumbnail {
    private Thumbnail() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "once" -> Files.write(Path.of(args[2]), thumbnail(Files.readAllBytes(Path.of(args[1])),
                    Integer.parseInt(args[3])));
            case "warm" -> warm(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("once IN OUT SIZE | warm IN SIZE ROUNDS");
        }
    }

    static byte[] thumbnail(byte[] file, int size) {
        var info = Codecs.probe(file);
        int w = info.width() >= info.height() ? size : (int) Math.round((double) size * info.width() / info.height());
        int h = info.width() >= info.height() ? (int) Math.round((double) size * info.height() / info.width()) : size;
        Image shrunk = Codecs.decodeForSize(file, DecodeLimits.defaults(), w, h);
        return Codecs.encode(Resample.resize(shrunk, w, h, Resample.Kernel.LANCZOS3), ImageFormat.JPEG, 90);
    }

    private static void warm(Path in, int size, int rounds) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        byte[] file = Files.readAllBytes(in);
        Path vipsOut = Files.createTempFile("thumb-vips", ".jpg");
        for (int i = 0; i < 10; i++) {
            thumbnail(file, size);
        }
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> vipsWall = new ArrayList<>();
        List<Double> vipsCpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            thumbnail(file, size);
            wall.add((System.nanoTime() - t0) / 1e6);
            cpu.add((os.getProcessCpuTime() - c0) / 1e6);
            long v0 = System.nanoTime();
            Process p = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "vipsthumbnail", in.toString(), "-s",
                    Integer.toString(size), "-o", vipsOut + "[Q=90]").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("vipsthumbnail failed: " + out);
            }
            vipsWall.add((System.nanoTime() - v0) / 1e6);
            String[] us = out.substring(out.lastIndexOf('\n') + 1).split(" ");
            vipsCpu.add((Double.parseDouble(us[0]) + Double.parseDouble(us[1])) * 1000);
        }
        Files.deleteIfExists(vipsOut);
        double w = median(wall);
        double c = median(cpu);
        double vw = median(vipsWall);
        double vc = median(vipsCpu);
        System.out.printf(Locale.ROOT, "| warm in process, %d rounds | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |%n",
                rounds, w, c, vw, vc, w / vw, c / vc);
        System.out.printf(Locale.ROOT, "load average at the end %.2f%n", os.getSystemLoadAverage());
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
