package dev.atelier.server.files;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.security.ServerSecret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The File API: upload slots with signed, expiring PUT URLs; the upload itself with its checks; signed download URLs
 * for results; and the lookup of input files for tasks. A result's id is an ordinary file id, which is what lets a
 * {@code dst_id} be the input of the next task.
 */
public final class FileService {
    /** One file a client announces. {@code fileSize} is null when the family does not send it (legacy). */
    public record FileRequest(String contentType, String fileName, Long fileSize) {}

    /** Where and how to upload one announced file. */
    public record UploadSlot(StoredFile file, String url, Map<String, String> headers) {}

    /** An open download. */
    public record Download(StoredFile file, InputStream body) {}

    public static final int MAX_FILES_PER_REQUEST = 10;
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpg", "image/jpeg", "image/png", "image/webp",
            "image/gif", "image/bmp", "image/tiff", "image/heic", "image/heif", "image/avif");

    private static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/quicktime");
    /** The default video limit (CONTRACTS: File API, ≤ 100 MB video). */
    public static final long DEFAULT_MAX_VIDEO_BYTES = 100L << 20;

    /** Whether {@code contentType} is one of the video types the File API accepts. */
    public static boolean isVideo(String contentType) {
        return contentType != null && VIDEO_TYPES.contains(contentType.split(";", 2)[0].strip()
                .toLowerCase(Locale.ROOT));
    }

    /** The content types the File API accepts for videos, sorted. */
    public static List<String> videoTypes() {
        return sorted(VIDEO_TYPES);
    }

    /** The content types the File API accepts for images, sorted. */
    public static List<String> imageTypes() {
        return sorted(IMAGE_TYPES);
    }

    private final FileStore files;
    private final BlobStore blobs;
    private final UrlSigner signer;
    private final InstantSource clock;
    private final Duration uploadUrlTtl;
    private final Duration downloadUrlTtl;
    private final Duration uploadRetention;
    private final Duration resultRetention;
    private final long maxBytes;
    private final long maxVideoBytes;

    public FileService(FileStore files, BlobStore blobs, UrlSigner signer, InstantSource clock, Duration uploadUrlTtl,
            Duration downloadUrlTtl, Duration uploadRetention, Duration resultRetention, long maxBytes) {
        this(files, blobs, signer, clock, uploadUrlTtl, downloadUrlTtl, uploadRetention, resultRetention, maxBytes,
                DEFAULT_MAX_VIDEO_BYTES);
    }

    /** @param maxVideoBytes the limit for {@code video/mp4} and {@code video/quicktime} files; images use maxBytes */
    public FileService(FileStore files, BlobStore blobs, UrlSigner signer, InstantSource clock, Duration uploadUrlTtl,
            Duration downloadUrlTtl, Duration uploadRetention, Duration resultRetention, long maxBytes,
            long maxVideoBytes) {
        this.maxVideoBytes = maxVideoBytes;
        this.files = files;
        this.blobs = blobs;
        this.signer = signer;
        this.clock = clock;
        this.uploadUrlTtl = uploadUrlTtl;
        this.downloadUrlTtl = downloadUrlTtl;
        this.uploadRetention = uploadRetention;
        this.resultRetention = resultRetention;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long maxVideoBytes() {
        return maxVideoBytes;
    }

    /** The size limit of a file of {@code contentType}: videos have their own. */
    public long maxBytesFor(String contentType) {
        return isVideo(contentType) ? maxVideoBytes : maxBytes;
    }

    /** Creates pending file records and their upload URLs; validates every item before creating any. */
    public List<UploadSlot> createUploads(String keyId, String feature, List<FileRequest> requests, boolean sizeRequired) {
        if (requests == null || requests.isEmpty()) {
            throw Refusal.invalid("files must list at least one file");
        }
        if (requests.size() > MAX_FILES_PER_REQUEST) {
            throw Refusal.invalid("at most " + MAX_FILES_PER_REQUEST + " files per request");
        }
        for (int i = 0; i < requests.size(); i++) {
            validate(requests.get(i), "files[" + i + "]", sizeRequired);
        }
        Instant now = clock.instant();
        List<UploadSlot> slots = new ArrayList<>();
        for (FileRequest r : requests) {
            String id = ServerSecret.randomToken(24);
            StoredFile f = new StoredFile(id, keyId, FileOrigin.UPLOAD, feature, r.fileName().strip(),
                    r.contentType().strip().toLowerCase(Locale.ROOT), r.fileSize(), null, null, FileState.PENDING,
                    null, null, now, now.plus(uploadRetention));
            files.insert(f);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", f.contentType());
            if (r.fileSize() != null) {
                headers.put("Content-Length", Long.toString(r.fileSize()));
            }
            slots.add(new UploadSlot(f, signer.sign("PUT", uploadPath(id), now.plus(uploadUrlTtl)), headers));
        }
        return slots;
    }

    private void validate(FileRequest r, String where, boolean sizeRequired) {
        if (r == null) {
            throw Refusal.invalid(where + " must be an object");
        }
        if (r.contentType() == null || r.contentType().isBlank()) {
            throw Refusal.invalid(where + ".content_type is required");
        }
        String type = r.contentType().strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("video/") && !VIDEO_TYPES.contains(type)) {
            throw Refusal.invalid(where + ".content_type " + type + ": videos must be one of "
                    + String.join(", ", sorted(VIDEO_TYPES)));
        }
        if (!IMAGE_TYPES.contains(type) && !VIDEO_TYPES.contains(type)) {
            throw Refusal.invalid(where + ".content_type must be one of " + String.join(", ", sorted(IMAGE_TYPES))
                    + " or " + String.join(", ", sorted(VIDEO_TYPES)));
        }
        if (r.fileName() == null || r.fileName().isBlank() || r.fileName().length() > 255) {
            throw Refusal.invalid(where + ".file_name is required (at most 255 characters)");
        }
        if (r.fileSize() == null && sizeRequired) {
            throw Refusal.invalid(where + ".file_size is required (bytes)");
        }
        long limit = maxBytesFor(type);
        if (r.fileSize() != null && (r.fileSize() <= 0 || r.fileSize() > limit)) {
            throw Refusal.invalid(where + ".file_size must be 1.." + limit + " bytes (" + (isVideo(type)
                    ? "videos" : "images") + " are limited to " + (limit >> 20) + " MB)");
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** Receives the bytes of a pending upload through its signed URL. */
    public StoredFile acceptUpload(String fileId, String expires, String signature, String contentType,
            long contentLength, InputStream body) {
        signer.verify("PUT", uploadPath(fileId), expires, signature);
        StoredFile f = files.byId(fileId).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND, "No such upload"));
        if (f.state() != FileState.PENDING) {
            throw new Refusal(RefusalCode.OPERATION_INVALID, "This file was already uploaded; request a new upload URL");
        }
        if (!sameType(contentType, f.contentType())) {
            throw new Refusal(RefusalCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + f.contentType()
                    + " as declared, got " + (contentType == null ? "none" : contentType));
        }
        long limit = f.declaredSize() != null ? f.declaredSize() : maxBytesFor(f.contentType());
        if (contentLength > limit) {
            throw new Refusal(RefusalCode.ENTITY_TOO_LARGE, "The body is " + contentLength + " bytes; at most "
                    + limit + " are allowed" + (f.declaredSize() != null ? " (the declared file_size)" : ""));
        }
        BlobStore.Written written;
        try {
            written = blobs.put(f.id(), body, limit);
        } catch (BlobStore.BlobTooLargeException e) {
            throw new Refusal(RefusalCode.ENTITY_TOO_LARGE, "The body is larger than " + limit + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store upload " + f.id(), e);
        }
        if (f.declaredSize() != null && written.size() != f.declaredSize()) {
            deleteQuietly(f.id());
            throw new Refusal(RefusalCode.INVALID_PARAMETERS, "The body is " + written.size()
                    + " bytes but file_size declared " + f.declaredSize());
        }
        if (!files.markReady(f.id(), written.size(), written.sha256(), null, null)) {
            throw new Refusal(RefusalCode.OPERATION_INVALID, "This file was already uploaded");
        }
        return files.byId(f.id()).orElseThrow();
    }

    private static boolean sameType(String given, String declared) {
        if (given == null) {
            return false;
        }
        String g = given.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return normalize(g).equals(normalize(declared));
    }

    /** Copies a stored file's bytes to {@code target} (streamed: videos are not held in memory). */
    public void copyTo(StoredFile f, java.nio.file.Path target) throws IOException {
        try (InputStream in = blobs.open(f.id())) {
            java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Stores a task's output file (streamed from disk) as a new ready file of {@code keyId}. */
    public StoredFile storeResult(String keyId, String feature, java.nio.file.Path data, String contentType,
            String fileName, Integer width, Integer height) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(data)) {
            return storeResult(keyId, feature, in, contentType, fileName, width, height);
        }
    }

    private static String normalize(String type) {
        return type.equals("image/jpg") ? "image/jpeg" : type;
    }

    /** A fresh signed download URL for a ready file. */
    public String downloadUrl(StoredFile f) {
        return signer.sign("GET", downloadPath(f.id()), clock.instant().plus(downloadUrlTtl));
    }

    /** A signed download URL for a ready file with its own lifetime (the OpenAI-compatible API's 60 min). */
    public String downloadUrl(StoredFile f, Duration ttl) {
        return signer.sign("GET", downloadPath(f.id()), clock.instant().plus(ttl));
    }

    public Download openDownload(String fileId, String expires, String signature) {
        signer.verify("GET", downloadPath(fileId), expires, signature);
        StoredFile f = files.byId(fileId)
                .filter(x -> x.state() == FileState.READY && !x.expiredAt(clock.instant()))
                .orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND, "This file no longer exists"));
        try {
            return new Download(f, blobs.open(f.id()));
        } catch (IOException e) {
            throw new Refusal(RefusalCode.NOT_FOUND, "This file no longer exists");
        }
    }

    /**
     * The ready, unexpired file {@code fileId} owned by {@code keyId}, for use as a task input; otherwise an
     * {@code InvalidParameters} naming {@code field} and what is wrong.
     */
    public StoredFile requireInput(String keyId, String fileId, String field) {
        StoredFile f = files.byId(fileId).filter(x -> x.keyId().equals(keyId))
                .orElseThrow(() -> Refusal.invalid(field + " '" + fileId + "' is not a file of this key"));
        if (f.expiredAt(clock.instant())) {
            throw Refusal.invalid(field + " '" + fileId + "' has expired; upload it again");
        }
        if (f.state() != FileState.READY) {
            throw Refusal.invalid(field + " '" + fileId + "' has not been uploaded yet: PUT its bytes to the "
                    + "upload URL first");
        }
        return f;
    }

    /** Looks a file up without checks (the worker re-reads inputs it validated at submit). */
    public java.util.Optional<StoredFile> find(String fileId) {
        return files.byId(fileId);
    }

    public byte[] read(StoredFile f) throws IOException {
        try (InputStream in = blobs.open(f.id())) {
            return in.readAllBytes();
        }
    }

    /** Stores a task's output as a new ready file of {@code keyId}. */
    public StoredFile storeResult(String keyId, String feature, byte[] data, String contentType, String fileName,
            Integer width, Integer height) throws IOException {
        return storeResult(keyId, feature, new ByteArrayInputStream(data), contentType, fileName, width, height);
    }

    private StoredFile storeResult(String keyId, String feature, InputStream data, String contentType,
            String fileName, Integer width, Integer height) throws IOException {
        Instant now = clock.instant();
        String id = ServerSecret.randomToken(24);
        BlobStore.Written w = blobs.put(id, data, Long.MAX_VALUE);
        StoredFile f = new StoredFile(id, keyId, FileOrigin.RESULT, feature, fileName, contentType, null, w.size(),
                w.sha256(), FileState.READY, width, height, now, now.plus(resultRetention));
        files.insert(f);
        return f;
    }

    /**
     * Stores bytes a client sent inline (a multipart part or a data URL) as a ready upload of {@code keyId}, so a
     * task can take it as an input like any uploaded file. The caller has bounded the size.
     */
    public StoredFile storeInput(String keyId, String feature, byte[] data, String contentType, String fileName)
            throws IOException {
        if (data.length > maxBytes) {
            throw new Refusal(RefusalCode.ENTITY_TOO_LARGE, fileName + " is " + data.length
                    + " bytes; at most " + maxBytes + " are allowed");
        }
        Instant now = clock.instant();
        String id = ServerSecret.randomToken(24);
        BlobStore.Written w = blobs.put(id, new ByteArrayInputStream(data), maxBytes);
        StoredFile f = new StoredFile(id, keyId, FileOrigin.UPLOAD, feature, fileName, contentType, null, w.size(),
                w.sha256(), FileState.READY, null, null, now, now.plus(uploadRetention));
        files.insert(f);
        return f;
    }

    private void deleteQuietly(String id) {
        try {
            blobs.delete(id);
        } catch (IOException ignored) {
            // the retention sweep removes it later
        }
    }

    static String uploadPath(String fileId) {
        return "/uploads/" + fileId;
    }

    static String downloadPath(String fileId) {
        return "/files/" + fileId;
    }
}
