package dev.atelier.engines.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The file-level work of importing a multi-file bundle from a local directory: scanning it (regular files only, no
 * links, nothing hidden), copying it into a staging directory while hashing, and the bookkeeping that outlives the
 * import (the manifests of imported bundles under {@code <modelsDir>/.imported/}, the adopted hashes of unpinned
 * files in {@code .<file>.adopted} beside them).
 */
final class BundleImport {
    /** The files a diffusion bundle cannot run without (the optimum ONNX layout). */
    static final List<String> REQUIRED = List.of("text_encoder/model.onnx", "unet/model.onnx",
            "vae_decoder/model.onnx", "tokenizer/vocab.json", "tokenizer/merges.txt",
            "scheduler/scheduler_config.json");
    private static final int MAX_FILES = 256;
    private static final String IMPORTED = ".imported";

    private BundleImport() {}

    /** One file found in the directory being imported. */
    record Scanned(String name, Path path, long size) {}

    /** The regular files under {@code dir} with their relative names, sorted; refuses links and oversized trees. */
    static List<Scanned> scan(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelException(ModelError.NOT_FOUND, "no such directory: " + dir);
        }
        List<Scanned> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 8, new FileVisitOption[0])) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = dir.relativize(p);
                if (rel.toString().isEmpty() || hidden(rel)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    throw new ModelException(ModelError.IO, p + " is a symbolic link; import copies regular files only");
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String name = rel.toString().replace('\\', '/');
                ModelFile.checkRelativePath(name);
                out.add(new Scanned(name, p, Files.size(p)));
                if (out.size() > MAX_FILES) {
                    throw new ModelException(ModelError.TOO_LARGE, dir + " has more than " + MAX_FILES + " files");
                }
            }
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read " + dir + ": " + e, e);
        }
        out.sort(Comparator.comparing(Scanned::name));
        return out;
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a directory that lacks a file every diffusion bundle needs, naming what is missing. */
    static void checkLayout(Path dir, List<Scanned> files) {
        Set<String> names = new java.util.HashSet<>(files.stream().map(Scanned::name).toList());
        List<String> missing = REQUIRED.stream().filter(n -> !names.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new ModelException(ModelError.NOT_FOUND, dir + " is not a diffusion bundle in the optimum ONNX "
                    + "layout: it lacks " + String.join(", ", missing));
        }
    }

    /** Copies {@code source} to {@code target} (parents created) and returns the SHA-256 of what was written. */
    static String copyHashing(Path source, Path target, long[] done, long total, String stage,
            ProgressListener listener) throws IOException {
        Files.createDirectories(target.getParent());
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                done[0] += n;
                listener.progress(stage, done[0], total);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the hash an unpinned file had when the operator imported it. */
    static void adopt(Path file, String sha, long size) throws IOException {
        Files.writeString(InstalledModels.sidecar(file, ".adopted"), sha + " " + size + "\n");
    }

    /** The unpinned file {@code f} pinned by its adopted hash, or {@code null} when it was never imported. */
    static ModelFile adopted(Path file, ModelFile f) throws IOException {
        Path record = InstalledModels.sidecar(file, ".adopted");
        if (!Files.isRegularFile(record)) {
            return null;
        }
        String[] parts = Files.readString(record).strip().split(" ");
        if (parts.length != 2) {
            return null;
        }
        return new ModelFile(f.name(), Long.parseLong(parts[1]), parts[0], f.sources());
    }

    /** Moves the staged directory into place, replacing an older install of the same id. */
    static void swapIn(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".replaced-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Writes an imported bundle's manifest so that the next registry over this directory knows it. */
    static void remember(Path modelsDir, ModelManifest m) throws IOException {
        Path dir = modelsDir.resolve(IMPORTED);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(m.id() + ".json.tmp");
        Files.writeString(tmp, ManifestJson.write(m));
        Files.move(tmp, dir.resolve(m.id() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    static void forget(Path modelsDir, String id) throws IOException {
        Files.deleteIfExists(modelsDir.resolve(IMPORTED).resolve(id + ".json"));
    }

    /** The manifests of the bundles imported into {@code modelsDir}; an unreadable one is skipped with a warning. */
    static List<ModelManifest> importedManifests(Path modelsDir) {
        Path dir = modelsDir.resolve(IMPORTED);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ModelManifest> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    out.add(ManifestJson.parse(Files.readString(f)));
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(BundleImport.class)
                            .warn("ignoring the unreadable imported manifest {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read " + dir + ": " + e, e);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
