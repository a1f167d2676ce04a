package dev.atelier.server.tasks;

import dev.atelier.engines.Progress;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.SafeFetcher;
import dev.atelier.server.files.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run pipeline's video path: the input file is copied (or fetched) to a private temporary directory, the
 * effect streams it frame by frame into an output file there, which is stored as the result; the directory is
 * removed whatever happens. Download failures are {@code error_download_video}.
 */
final class VideoRun {
    private final FileService files;
    private final SafeFetcher fetcher;
    private final InstantSource clock;

    VideoRun(FileService files, SafeFetcher fetcher, InstantSource clock) {
        this.files = files;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** Runs {@code effect} on the task's one source video; returns the result before timing metadata. */
    TaskResult run(Task task, TaskRequest request, VideoEffect effect, Progress progress) throws IOException {
        Path dir = Files.createTempDirectory("atelier-video-");
        try {
            Path input = dir.resolve("input");
            fetch(task.keyId(), request.inputs().sources().getFirst(), effect.maxInputBytes(), input);
            String format = request.outputFormat();
            Path output = dir.resolve("output." + format);
            VideoEffect.VideoOutput out = effect.runVideo(input, output, request.params(), format,
                    progress.slice(0.05, 0.95));
            progress.report(0.95, "saving the video");
            StoredFile f = files.storeResult(task.keyId(), task.feature(), output, out.mimeType(),
                    task.feature() + "-" + task.id().substring(0, 8) + "." + out.extension(), out.width(),
                    out.height());
            return new TaskResult(List.of(new TaskResult.Output(f.id(), out.extension(), out.width(), out.height(),
                    Map.of())), out.metadata());
        } finally {
            deleteTree(dir);
        }
    }

    private void fetch(String keyId, TaskRequest.InputRef ref, long maxBytes, Path target) throws IOException {
        switch (ref) {
            case TaskRequest.InputRef.File(String fileId) -> copyOwnFile(keyId, fileId, maxBytes, target);
            case TaskRequest.InputRef.Url(String url) -> download(url, maxBytes, target);
        }
    }

    private void copyOwnFile(String keyId, String fileId, long maxBytes, Path target) throws IOException {
        StoredFile f = files.find(fileId)
                .filter(x -> x.keyId().equals(keyId) && !x.expiredAt(clock.instant()))
                .orElseThrow(() -> EngineCode.ERROR_DOWNLOAD_VIDEO.exception("input file " + fileId
                        + " no longer exists"));
        if (f.size() != null && f.size() > maxBytes) {
            throw EngineCode.EXCEED_MAX_FILESIZE.exception("the video is " + f.size() + " bytes; the limit is "
                    + maxBytes);
        }
        files.copyTo(f, target);
    }

    private void download(String url, long maxBytes, Path target) throws IOException {
        try {
            fetcher.fetchTo(url, maxBytes, target); // streamed to disk: a 100 MB video never sits in the heap
        } catch (SafeFetcher.FetchException e) {
            if (e.getMessage().contains("larger than the limit") || e.getMessage().contains("; the limit is")) {
                throw EngineCode.EXCEED_MAX_FILESIZE.exception(e.getMessage());
            }
            throw EngineCode.ERROR_DOWNLOAD_VIDEO.exception(e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(VideoRun.class).warn("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
