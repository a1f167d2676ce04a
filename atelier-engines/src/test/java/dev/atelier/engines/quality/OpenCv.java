package dev.atelier.engines.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenCV baseline, through Debian's {@code /usr/bin/python3} with python3-opencv running
 * {@code bench/quality/opencv_inpaint.py}. Absent OpenCV is reported, and the table shows "n/a" for it.
 */
final class OpenCv {
    private OpenCv() {}

    /** One inpainting job: files the script reads and writes. */
    record Job(Path input, Path mask, Path telea, Path ns) {}

    /** Why OpenCV cannot run here, or null when it can. */
    static String unavailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import cv2").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? null
                    : "python3-opencv missing: apt-get install python3-opencv";
        } catch (IOException e) {
            return "/usr/bin/python3 missing: apt-get install python3-opencv";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static void inpaint(Path script, List<Job> jobs, Path work) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            json.append(String.format("{\"input\": \"%s\", \"mask\": \"%s\", \"telea\": \"%s\", \"ns\": \"%s\"}%s%n",
                    j.input(), j.mask(), j.telea(), j.ns(), i + 1 < jobs.size() ? "," : ""));
        }
        json.append("]\n");
        Path file = work.resolve("opencv-jobs.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString()).inheritIO().start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("OpenCV baseline failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
        }
    }
}
