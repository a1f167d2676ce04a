package dev.atelier.engines.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local models Atelier knows (their manifests) and the ones installed under the models directory: lists them,
 * pulls them from their sources with resumable downloads, verifies every file against its pinned SHA-256, installs
 * atomically, imports a file fetched by hand, and removes them.
 *
 * <p>The jobs are split: {@link ModelCatalogue} knows the manifests, {@link InstalledModels} what is on disk and
 * whether it is intact (the layout and bookkeeping files are described there), {@link SourceInstaller} fetches one
 * file from its sources; this class is the public face and serialises the operations on one model.
 *
 * <p>Thread-safe: operations on one model are serialised; different models proceed in parallel.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path modelsDir;
    private final ModelCatalogue catalogue;
    private final InstalledModels installed;
    private final SourceInstaller installer;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A registry of the given manifests over {@code modelsDir} (created when missing). */
    public ModelRegistry(Path modelsDir, List<ModelManifest> manifests, RegistrySettings settings) {
        this.modelsDir = modelsDir.toAbsolutePath();
        this.catalogue = new ModelCatalogue(this.modelsDir, manifests);
        this.installed = new InstalledModels(this.modelsDir);
        this.installer = new SourceInstaller(installed, settings);
    }

    /** A registry of the built-in manifests (ISNet, BlazeFace, ...) over {@code modelsDir}. */
    public ModelRegistry(Path modelsDir, RegistrySettings settings) {
        this(modelsDir, builtInManifests(), settings);
    }

    /** The manifests shipped in this jar, in the order of {@code manifests.txt}. */
    public static List<ModelManifest> builtInManifests() {
        return ModelCatalogue.builtInManifests();
    }

    /**
     * The built-in manifests plus the operator's own: every {@code *.json} manifest in the directory named by
     * {@code ATELIER_MODEL_MANIFESTS} (for exports Atelier does not pin, e.g. a DDColor or Real-ESRGAN ×2 export made
     * with the upstream script). The operator's files are pinned by their own manifests like any other; an id that
     * clashes with a built-in one is refused when the registry is built.
     */
    public static List<ModelManifest> manifests(Map<String, String> env) {
        return ModelCatalogue.manifests(env);
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** The manifest with this id, if known. */
    public Optional<ModelManifest> manifest(String id) {
        return catalogue.find(id);
    }

    /** Every known manifest, sorted by id. */
    public List<ModelManifest> manifests() {
        return catalogue.all();
    }

    /** Every known model and its state, sorted by id. Cheap unless a file changed since it was last verified. */
    public List<ModelInfo> list() {
        return manifests().stream().map(m -> withLock(m.id(), () -> installed.info(m, false))).toList();
    }

    /** The state of one model (as in {@link #list()}). */
    public ModelInfo info(String id) {
        ModelManifest m = catalogue.require(id);
        return withLock(id, () -> installed.info(m, false));
    }

    /**
     * Hashes every file of the model and reports its state: {@link ModelState#CORRUPT} when a file has the wrong size
     * or checksum, {@link ModelState#MISSING} when one is absent.
     */
    public ModelInfo verify(String id) {
        ModelManifest m = catalogue.require(id);
        return withLock(id, () -> installed.info(m, true));
    }

    /**
     * The installed path of the model's main file (the graph). Cheap: checks presence and size, and the checksum only
     * when the file changed since it was last verified.
     *
     * @throws ModelException {@link ModelError#NOT_FOUND} for an unknown id, {@link ModelError#NOT_INSTALLED} or
     *     {@link ModelError#CORRUPT} otherwise
     */
    public Path path(String id) {
        ModelManifest m = catalogue.require(id);
        ModelInfo info = withLock(id, () -> installed.info(m, false));
        return switch (info.state()) {
            case INSTALLED -> m.converted()
                    ? withLock(id, () -> ModelConversion.converted(m, installed.dir(m), ProgressListener.none()))
                    : installed.dir(m).resolve(m.mainFile().name());
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
        ModelManifest m = catalogue.require(id);
        ModelInfo info = withLock(id, () -> installed.info(m, false));
        return switch (info.state()) {
            case INSTALLED -> installed.dir(m);
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
        ModelManifest m = catalogue.require(id);
        return withLock(id, () -> {
            installed.checkLicense(m, acceptLicense);
            Path dir = installed.dir(m);
            InstalledModels.createDirectories(dir);
            if (acceptLicense && !m.license().permissive()) {
                installed.recordAcceptance(m);
            }
            List<String> unpinned = new ArrayList<>();
            for (ModelFile f : m.files()) {
                if (installed.fileState(m, f, true) == null) {
                    continue;
                }
                if (!f.pinned()) {
                    unpinned.add(f.name());
                    continue;
                }
                installer.install(m, f, listener);
            }
            if (!unpinned.isEmpty()) {
                throw new ModelException(ModelError.NOT_INSTALLED, "model " + id + ": the pinned files are installed,"
                        + " but " + String.join(", ", unpinned) + " ha" + (unpinned.size() == 1 ? "s" : "ve")
                        + " no published checksum, so Atelier does not download " + (unpinned.size() == 1 ? "it"
                        : "them") + "; fetch the whole bundle by hand and run: ./atelier models import DIR --id " + id);
            }
            if (m.converted()) {
                ModelConversion.converted(m, installed.dir(m), listener);
            }
            return installed.info(m, false);
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
            sha = InstalledModels.sha256(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(ModelError.NOT_FOUND, "no such file: " + file, e);
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read " + file + ": " + e, e);
        }
        for (ModelManifest m : manifests()) {
            for (ModelFile f : m.files()) {
                if (sha.equals(f.sha256()) && f.size() == size) { // unpinned files have no sha256
                    return withLock(m.id(), () -> {
                        installed.checkLicense(m, acceptLicense);
                        InstalledModels.createDirectories(installed.dir(m));
                        if (acceptLicense && !m.license().permissive()) {
                            installed.recordAcceptance(m);
                        }
                        installer.obtain(m, f, new ModelSource.LocalFile(file), ProgressListener.none());
                        return installed.info(m, false);
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
        ModelManifest known = catalogue.find(id).orElse(null);
        if (known != null && known.capability() != ModelCapability.IMAGE_GENERATION) {
            throw new ModelException(ModelError.NOT_FOUND, "the id " + id + " belongs to the " + known.capability()
                    .wireName() + " model " + id + "; choose another --id for the bundle");
        }
        boolean pinnedBundle = known != null && known.files().stream().anyMatch(ModelFile::pinned);
        return withLock(id, () -> {
            if (pinnedBundle) {
                installed.checkLicense(known, acceptLicense);
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
                    Files.writeString(InstalledModels.sidecar(target, ".verified"), InstalledModels.stampOf(target, installed));
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
                    catalogue.put(m);
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
            return installed.info(catalogue.require(id), false);
        });
    }

    /** {@link #importFile(Path, boolean)} without accepting a licence: enough for permissive models. */
    public ModelInfo importFile(Path file) {
        return importFile(file, false);
    }

    /** Deletes the model's files; returns false when nothing was installed. */
    public boolean remove(String id) {
        ModelManifest m = catalogue.require(id);
        return withLock(id, () -> {
            Path dir = installed.dir(m);
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
        installer.close();
    }

    // ---- internals

    private <T> T withLock(String id, java.util.function.Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
