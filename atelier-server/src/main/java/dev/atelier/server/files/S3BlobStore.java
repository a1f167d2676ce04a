package dev.atelier.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in one bucket of S3-compatible storage (AWS S3, MinIO, Ceph, R2...), so every node of a scaled
 * deployment sees every file. Object names are {@code prefix + key}.
 *
 * <p>Memory stays bounded whatever the size: a body that fits one {@link #PART_BYTES} buffer goes up in one PUT, a
 * larger one as a multipart upload, one buffered part at a time. Both are atomic on the S3 side (an object appears
 * whole when the PUT or the multipart completion succeeds), which is what {@link BlobStore} promises; a failed or
 * over-size multipart upload is aborted so no parts linger. Downloads stream from the response body.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    /** S3's smallest allowed part (except the last): the memory one upload holds at a time. */
    static final int PART_BYTES = 5 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3BlobStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private String objectName(String key) {
        BlobKeys.check(key);
        return prefix + key;
    }

    @Override
    public Written put(String key, InputStream in, long maxBytes) throws IOException {
        String name = objectName(key);
        MessageDigest sha = sha256();
        // one byte over the limit is enough to tell an over-size body; never more than a part
        byte[] part = new byte[maxBytes >= PART_BYTES ? PART_BYTES : (int) Math.max(0, maxBytes) + 1];
        int n = in.readNBytes(part, 0, part.length);
        if (n > maxBytes) {
            throw new BlobTooLargeException(maxBytes);
        }
        if (n < part.length) { // the stream ended inside the buffer: one PUT
            sha.update(part, 0, n);
            try {
                s3.putObject(r -> r.bucket(bucket).key(name).contentLength((long) n),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, n), n));
            } catch (SdkException e) {
                throw failure("storing", name, e);
            }
            return new Written(n, HexFormat.of().formatHex(sha.digest()));
        }
        return putMultipart(name, in, maxBytes, part, n, sha);
    }

    private Written putMultipart(String name, InputStream in, long maxBytes, byte[] part, int first, MessageDigest sha)
            throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(name)).uploadId();
        } catch (SdkException e) {
            throw failure("starting the upload of", name, e);
        }
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int n = first;
            while (n > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new BlobTooLargeException(maxBytes);
                }
                sha.update(part, 0, n);
                int number = parts.size() + 1;
                int length = n;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(name).uploadId(uploadId)
                                .partNumber(number).contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, length), length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                n = in.readNBytes(part, 0, part.length);
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
            return new Written(total, HexFormat.of().formatHex(sha.digest()));
        } catch (SdkException e) {
            throw failure("storing", name, e);
        } finally {
            if (!completed) {
                abort(name, uploadId);
            }
        }
    }

    private void abort(String name, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId));
        } catch (SdkException e) {
            // the bucket's lifecycle rule for incomplete uploads is the backstop; say so once per failure
            log.warn("could not abort multipart upload {} of {}: {}", uploadId, name, e.getMessage());
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String name = objectName(key);
        try {
            return s3.getObject(r -> r.bucket(bucket).key(name));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw failure("reading", name, e);
        }
    }

    /** S3's DELETE succeeds whether or not the object exists; the HEAD before it tells which it was. */
    @Override
    public boolean delete(String key) throws IOException {
        String name = objectName(key);
        try {
            boolean existed = exists(key);
            s3.deleteObject(r -> r.bucket(bucket).key(name));
            return existed;
        } catch (SdkException e) {
            throw failure("deleting", name, e);
        }
    }

    @Override
    public boolean exists(String key) {
        String name = objectName(key);
        try {
            s3.headObject(r -> r.bucket(bucket).key(name));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD answers carry no error code, only the status
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private IOException failure(String doing, String name, SdkException e) {
        return new IOException("S3 error " + doing + " s3://" + bucket + "/" + name + ": " + e.getMessage(), e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
