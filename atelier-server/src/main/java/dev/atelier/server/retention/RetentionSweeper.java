package dev.atelier.server.retention;

import dev.atelier.server.files.BlobStore;
import dev.atelier.server.files.FileStore;
import dev.atelier.server.tasks.TaskStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has outlived its retention: files whose {@code expires_at} passed (uploads after
 * {@code ATELIER_UPLOAD_RETENTION}, results after {@code ATELIER_RESULT_RETENTION}, both set when the file was
 * made) and task records that finished more than {@code ATELIER_TASK_RETENTION} ago.
 *
 * <p>A file's blob goes first, then its record: a crash in between leaves a record without bytes, which downloads
 * already answer with 404 and the next sweep removes. Deleting twice is harmless, so sweeps on several nodes at once
 * only repeat each other's work. Work is done in batches so one sweep never holds the database for long.
 */
public final class RetentionSweeper {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    /** What one sweep removed. */
    public record Report(int files, int tasks) {}

    private final FileStore files;
    private final BlobStore blobs;
    private final TaskStore tasks;
    private final InstantSource clock;
    private final Duration taskRetention;
    private final int batch;

    public RetentionSweeper(FileStore files, BlobStore blobs, TaskStore tasks, InstantSource clock, Duration taskRetention,
            int batch) {
        this.files = files;
        this.blobs = blobs;
        this.tasks = tasks;
        this.clock = clock;
        this.taskRetention = taskRetention;
        this.batch = batch;
    }

    public Report sweep() {
        Instant now = clock.instant();
        int fileCount = 0;
        List<String> expired;
        do {
            expired = files.expiredBefore(now, batch);
            for (String id : expired) {
                try {
                    blobs.delete(id);
                } catch (IOException e) {
                    log.warn("cannot delete blob {}; the next sweep retries", id, e);
                    continue;
                }
                if (files.delete(id)) {
                    fileCount++;
                }
            }
        } while (expired.size() == batch);

        Instant cutoff = now.minus(taskRetention);
        int taskCount = 0;
        int n;
        do {
            n = tasks.deleteFinishedBefore(cutoff, batch);
            taskCount += n;
        } while (n == batch);
        if (fileCount + taskCount > 0) {
            log.info("retention: deleted {} file(s) and {} finished task record(s)", fileCount, taskCount);
        }
        return new Report(fileCount, taskCount);
    }
}
