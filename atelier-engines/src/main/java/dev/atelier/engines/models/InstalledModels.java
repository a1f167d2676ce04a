package dev.atelier.engines.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What is installed under the models directory and whether it is intact: {@code <modelsDir>/<id>/<file>} for each
 * manifest file, with hidden bookkeeping beside it ({@code .<file>.verified} records the size and modification time
 * at which the file last hashed correctly, so a listing does not re-hash 90 MB on every call;
 * {@code .license-accepted} records the operator's acceptance of a licence that needs one).
 */
final class InstalledModels {
    private final Path modelsDir;

    InstalledModels(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    /** The directory of one model's files. */
    Path dir(ModelManifest m) {
        return modelsDir.resolve(m.id());
    }

    /** Refuses a model whose licence needs an acceptance that was neither given now nor recorded before. */
    void checkLicense(ModelManifest m, boolean acceptLicense) {
        ModelLicense l = m.license();
        if (l.permissive() || acceptLicense || Files.exists(dir(m).resolve(".license-accepted"))) {
            return;
        }
        throw new ModelException(ModelError.LICENSE_NOT_ACCEPTED, "model " + m.id() + " comes under " + l.id()
                + " (" + l.url() + "): " + l.summary() + " Accept it with: ./atelier models pull " + m.id()
                + " --accept-license");
    }

    void recordAcceptance(ModelManifest m) {
        try {
            Files.writeString(dir(m).resolve(".license-accepted"), m.license().id() + "\n");
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot record the licence acceptance of " + m.id() + ": " + e, e);
        }
    }

    /** The model's state; {@code fullCheck} hashes every file, otherwise only files changed since verified. */
    ModelInfo info(ModelManifest m, boolean fullCheck) {
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
    ModelState fileState(ModelManifest m, ModelFile f, boolean fullCheck) {
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

    /** What {@code .verified} holds for an intact file: its pin, size and modification time. */
    static String stampOf(Path p, ModelFile f) throws IOException {
        return f.sha256() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n";
    }

    static void createDirectories(Path dir) {
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
