package dev.atelier.server.files;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where this node keeps file bytes: {@code ATELIER_BLOB_STORE=local} (a directory under the data directory, one
 * machine) or {@code s3} (a bucket every node shares). The S3 settings are read only for {@code s3}.
 *
 * @param s3Endpoint  the S3 API's base URL; empty means AWS itself (the region picks the endpoint)
 * @param s3Keys      access key id and secret; empty means the AWS default chain (environment, profile, instance role)
 * @param s3PathStyle {@code bucket} in the path rather than the host name, which MinIO and most self-hosted servers
 *                    need; on by default
 * @param s3Prefix    prepended to every object name, so one bucket can hold several deployments
 */
public record BlobSettings(String kind, Optional<URI> s3Endpoint, String s3Region, String s3Bucket,
        Optional<AwsBasicCredentials> s3Keys, boolean s3PathStyle, String s3Prefix, Duration s3Timeout) {

    public static BlobSettings from(SettingsSource s) {
        String kind = s.string("ATELIER_BLOB_STORE", "local").trim().toLowerCase(Locale.ROOT);
        Optional<URI> endpoint = s.get("ATELIER_S3_ENDPOINT").filter(v -> !v.isBlank()).map(v -> parse(v.trim()));
        String region = s.string("ATELIER_S3_REGION", "us-east-1");
        String bucket = s.string("ATELIER_S3_BUCKET", "");
        Optional<String> accessKey = s.get("ATELIER_S3_ACCESS_KEY").filter(v -> !v.isBlank());
        Optional<String> secretKey = s.get("ATELIER_S3_SECRET_KEY").filter(v -> !v.isBlank());
        boolean pathStyle = s.bool("ATELIER_S3_PATH_STYLE", true);
        String prefix = s.string("ATELIER_S3_PREFIX", "");
        Duration timeout = s.duration("ATELIER_S3_TIMEOUT", Duration.ofSeconds(30));
        if (!kind.equals("local") && !kind.equals("s3")) {
            throw new SettingsException("ATELIER_BLOB_STORE must be local or s3, got '" + kind + "'");
        }
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new SettingsException("set both ATELIER_S3_ACCESS_KEY and ATELIER_S3_SECRET_KEY, or neither "
                    + "(then the AWS default credential chain is used)");
        }
        if (kind.equals("s3") && bucket.isBlank()) {
            throw new SettingsException("ATELIER_BLOB_STORE=s3 needs ATELIER_S3_BUCKET (an existing bucket)");
        }
        if (!prefix.matches("[A-Za-z0-9/_.-]*")) {
            throw new SettingsException("ATELIER_S3_PREFIX may hold letters, digits and / _ . - only");
        }
        return new BlobSettings(kind, endpoint, region, bucket,
                accessKey.map(a -> AwsBasicCredentials.create(a, secretKey.orElseThrow())), pathStyle, prefix,
                timeout);
    }

    private static URI parse(String v) {
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SettingsException("ATELIER_S3_ENDPOINT must be a URL such as http://127.0.0.1:9000, got '"
                    + v + "'");
        }
    }

    public boolean isS3() {
        return kind.equals("s3");
    }

    /**
     * Opens the configured store. For S3 the bucket is checked first (HEAD bucket), so a wrong endpoint, bucket or
     * key stops the node at startup with a message naming the setting, not at the first upload.
     */
    public BlobStore open(Path dataDir) throws IOException {
        if (!isS3()) {
            return new LocalBlobStore(dataDir.resolve("blobs"));
        }
        S3Client client = client();
        try {
            client.headBucket(r -> r.bucket(s3Bucket));
        } catch (SdkException e) {
            client.close();
            throw new SettingsException("S3 bucket '" + s3Bucket + "' is not reachable at "
                    + s3Endpoint.map(URI::toString).orElse("AWS region " + s3Region) + ": " + e.getMessage()
                    + " (check ATELIER_S3_ENDPOINT, ATELIER_S3_BUCKET, ATELIER_S3_REGION and the keys; the bucket "
                    + "must exist)");
        }
        return new S3BlobStore(client, s3Bucket, s3Prefix);
    }

    private S3Client client() {
        AwsCredentialsProvider credentials = s3Keys.isPresent()
                ? StaticCredentialsProvider.create(s3Keys.get())
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3Region))
                .credentialsProvider(credentials)
                .forcePathStyle(s3PathStyle)
                // only what S3 requires: many S3-compatible servers reject the newer trailing checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(s3Timeout));
        s3Endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
