package dev.atelier.server.testing;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 API server in this JVM: s3proxy over its in-memory store, on a free loopback port, checking AWS v4
 * signatures with its own keys. Each {@link #newBucket} is a fresh, empty bucket; {@link #settings} are the
 * {@code ATELIER_*} settings that point a node at one.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "atelier-test-access";
    public static final String SECRET_KEY = "atelier-test-secret-key-0123456789";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final BlobStore store;
    private final S3Proxy proxy;

    private S3Server() throws Exception {
        this.store = BlobStores.create("transient", new Properties());
        this.proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10); // start() returns before Jetty reports started; this is readiness, not timing
        }
    }

    public static S3Server start() {
        try {
            return new S3Server();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process S3 server (s3proxy)", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Creates an empty bucket and returns its name. */
    public String newBucket() {
        String name = "atelier-test-" + BUCKETS.incrementAndGet();
        store.createContainer(name);
        return name;
    }

    /** The settings that make a node keep its files in {@code bucket} on this server. */
    public Map<String, String> settings(String bucket) {
        return Map.of("ATELIER_BLOB_STORE", "s3",
                "ATELIER_S3_ENDPOINT", endpoint(),
                "ATELIER_S3_BUCKET", bucket,
                "ATELIER_S3_ACCESS_KEY", ACCESS_KEY,
                "ATELIER_S3_SECRET_KEY", SECRET_KEY);
    }

    /** Objects in {@code bucket} (what a node stored there). */
    public long objectCount(String bucket) {
        return store.list(bucket).contents().size();
    }

    /** Multipart uploads started and neither completed nor aborted in {@code bucket}. */
    public int pendingUploads(String bucket) {
        return store.listMultipartUploads(bucket).size();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }
}
