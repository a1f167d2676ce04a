package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} promises, run against each implementation: bytes come back as written, size and
 * SHA-256 are reported, an over-size body stores nothing, absent keys read as {@link NoSuchFileException}, delete is
 * idempotent, and keys that are not ids are refused.
 */
abstract class BlobStoreContract {
    private static final long SEED = Long.getLong("atelier.seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(SEED);
    private BlobStore store;

    abstract BlobStore openStore() throws IOException;

    /** Multipart uploads left behind (S3 only; a directory has none). */
    int pendingUploads() {
        return 0;
    }

    @BeforeEach
    void open() throws IOException {
        System.out.println(getClass().getSimpleName() + " seed " + SEED);
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void storesAndReadsBackSmallBlob() throws Exception {
        byte[] body = bytes(10_000);
        BlobStore.Written w = store.put("small1", new ByteArrayInputStream(body), 1 << 20);
        assertThat(w.size()).isEqualTo(body.length);
        assertThat(w.sha256()).isEqualTo(sha256(body));
        assertThat(store.exists("small1")).isTrue();
        assertThat(read("small1")).isEqualTo(body);
    }

    @Test
    void unboundedLimitStoresSmallBlob() throws Exception {
        byte[] body = bytes(3_000);
        assertThat(store.put("unbounded1", new ByteArrayInputStream(body), Long.MAX_VALUE).size())
                .isEqualTo(body.length);
        assertThat(read("unbounded1")).isEqualTo(body);
    }

    @Test
    void storesEmptyBlob() throws Exception {
        BlobStore.Written w = store.put("empty1", InputStream.nullInputStream(), 100);
        assertThat(w.size()).isZero();
        assertThat(read("empty1")).isEmpty();
    }

    /** Larger than one S3 part: goes up as a multipart upload, read back whole. */
    @Test
    void storesBlobLargerThanOnePart() throws Exception {
        byte[] body = bytes(S3BlobStore.PART_BYTES * 2 + 12_345);
        BlobStore.Written w = store.put("large1", new ByteArrayInputStream(body), 64L << 20);
        assertThat(w.size()).isEqualTo(body.length);
        assertThat(w.sha256()).isEqualTo(sha256(body));
        assertThat(read("large1")).isEqualTo(body);
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void exactlyOnePartIsStoredWhole() throws Exception {
        byte[] body = bytes(S3BlobStore.PART_BYTES);
        store.put("onepart1", new ByteArrayInputStream(body), S3BlobStore.PART_BYTES);
        assertThat(read("onepart1")).isEqualTo(body);
    }

    @Test
    void overSizeBodyStoresNothing() {
        assertThatThrownBy(() -> store.put("toobig1", new ByteArrayInputStream(bytes(201)), 200))
                .isInstanceOf(BlobStore.BlobTooLargeException.class);
        assertThat(store.exists("toobig1")).isFalse();
    }

    @Test
    void overSizeMultipartBodyStoresNothingAndLeavesNoUpload() {
        long max = S3BlobStore.PART_BYTES + 100;
        assertThatThrownBy(() -> store.put("toobig2", new ByteArrayInputStream(bytes((int) max + 1)), max))
                .isInstanceOf(BlobStore.BlobTooLargeException.class);
        assertThat(store.exists("toobig2")).isFalse();
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() throws Exception {
        byte[] body = bytes(200);
        assertThat(store.put("limit1", new ByteArrayInputStream(body), 200).size()).isEqualTo(200);
    }

    @Test
    void overwriteReplacesTheBlob() throws Exception {
        store.put("over1", new ByteArrayInputStream(bytes(50)), 100);
        byte[] second = bytes(70);
        store.put("over1", new ByteArrayInputStream(second), 100);
        assertThat(read("over1")).isEqualTo(second);
    }

    @Test
    void absentBlobIsNoSuchFile() {
        assertThat(store.exists("absent1")).isFalse();
        assertThatThrownBy(() -> store.open("absent1")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        store.put("gone1", new ByteArrayInputStream(bytes(10)), 100);
        assertThat(store.delete("gone1")).isTrue();
        assertThat(store.delete("gone1")).isFalse();
        assertThat(store.exists("gone1")).isFalse();
        assertThatThrownBy(() -> store.open("gone1")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void keysThatAreNotIdsAreRefused() {
        for (String bad : new String[] {"../etc/passwd", "a/b/c/d", "ab", "with space", ""}) {
            assertThatThrownBy(() -> store.put(bad, new ByteArrayInputStream(new byte[1]), 10))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
