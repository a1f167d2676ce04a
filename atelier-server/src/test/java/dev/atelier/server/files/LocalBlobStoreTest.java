package dev.atelier.server.files;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on a local directory. */
class LocalBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    BlobStore openStore() throws IOException {
        return new LocalBlobStore(dir.resolve("blobs"));
    }
}
