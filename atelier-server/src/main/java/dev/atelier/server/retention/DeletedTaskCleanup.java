package dev.atelier.server.retention;

import dev.atelier.server.files.BlobStore;
import dev.atelier.server.files.FileStore;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskHooks;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the result files of a task deleted by its owner ({@code task/delete}, CONTRACTS A.7: "delete removes
 * storage"), so their download URLs stop working at once. A file whose removal fails here still expires with its
 * retention.
 */
public final class DeletedTaskCleanup implements TaskHooks {
    private static final Logger log = LoggerFactory.getLogger(DeletedTaskCleanup.class);

    private final FileStore files;
    private final BlobStore blobs;

    public DeletedTaskCleanup(FileStore files, BlobStore blobs) {
        this.files = files;
        this.blobs = blobs;
    }

    @Override
    public void finished(Task task) {
        if (task.state() != TaskState.DELETED || task.result() == null) {
            return;
        }
        for (TaskResult.Output o : task.result().outputs()) {
            try {
                blobs.delete(o.fileId());
                files.delete(o.fileId());
            } catch (IOException e) {
                log.warn("task {}: cannot delete result {}; it expires with its retention", task.id(), o.fileId(), e);
            }
        }
    }
}
