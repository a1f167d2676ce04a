package dev.atelier.server.api.openai;

import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.ImageInfo;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.effects.generate.ImagesEffect;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.StoredFile;
import dev.atelier.server.tasks.TaskRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The pictures of an images request: file parts, {@code image_url}/{@code file_id} references and data URLs read
 * with the upload limit, dall-e-2's square-PNG rule, OpenAI's transparent-is-edit masks converted to white-is-edit,
 * and inline pictures stored as input files so the task reads them like any other.
 */
final class Pictures {
    private final FileService files;
    private final long maxFileBytes;
    private final DecodeLimits maskLimits;

    Pictures(FileService files, long maxFileBytes, DecodeLimits maskLimits) {
        this.files = files;
        this.maxFileBytes = maxFileBytes;
        this.maskLimits = maskLimits;
    }

    static void checkDallE2Image(Picture image, String param) {
        if (image.bytes() == null) {
            return; // a URL or file id: the task checks it when it reads it
        }
        if (image.bytes().length >= OpenAiApi.DALL_E_2_MAX_BYTES) {
            throw OpenAiException.invalid("dall-e-2 takes a PNG under 4 MB; this one is " + image.bytes().length
                    + " bytes", param);
        }
        ImageInfo info = Masks.probe(image.bytes(), param);
        if (!Masks.isPng(info) || info.width() != info.height()) {
            throw OpenAiException.invalid("dall-e-2 takes one square PNG; got a " + info.width() + "x" + info.height()
                    + " " + info.format(), param);
        }
    }

    TaskRequest.InputRef convertMask(Principal p, Picture mask, Picture image, String param) {
        byte[] bytes = mask.bytes();
        if (bytes == null && mask.ref() instanceof TaskRequest.InputRef.File(String fileId)) {
            bytes = readOwnFile(p, fileId, param);
        }
        if (bytes == null) {
            throw OpenAiException.invalid("send the " + param + " inline (a file part or a data: URL) or as a "
                    + "file_id: its transparency is converted before the task runs", param);
        }
        Masks.Converted converted = Masks.fromTransparency(bytes, maskLimits, param);
        byte[] imageBytes = image.bytes() != null ? image.bytes()
                : image.ref() instanceof TaskRequest.InputRef.File(String fileId) ? readOwnFile(p, fileId, "image")
                : null;
        if (imageBytes != null) {
            ImageInfo info = Masks.probe(imageBytes, "image");
            if (info.width() != converted.width() || info.height() != converted.height()) {
                throw OpenAiException.invalid("the mask is " + converted.width() + "x" + converted.height()
                        + " but the image is " + info.width() + "x" + info.height() + "; they must match", "mask");
            }
        }
        return store(p, new Picture(converted.png(), "image/png", "mask.png", null));
    }

    private byte[] readOwnFile(Principal p, String fileId, String param) {
        try {
            StoredFile file = files.requireInput(p.keyId(), fileId, param);
            return files.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TaskRequest.InputRef store(Principal p, Picture pic) {
        if (pic.ref() != null) {
            return pic.ref();
        }
        try {
            StoredFile stored = files.storeInput(p.keyId(), ImagesEffect.EDITS, pic.bytes(), pic.contentType(),
                    pic.name());
            return TaskRequest.InputRef.file(stored.id());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Picture picture(Part u, String param) {
        if (u.getSize() > maxFileBytes) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the " + param + " is " + u.getSize() + " bytes; at most "
                    + maxFileBytes + " are allowed", param);
        }
        byte[] bytes;
        try (InputStream in = u.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
        } catch (IOException e) {
            throw OpenAiException.invalid("the " + param + " upload was interrupted: " + e.getMessage(), param);
        }
        if (bytes.length == 0) {
            throw OpenAiException.invalid("the " + param + " is empty", param);
        }
        if (bytes.length > maxFileBytes) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the " + param + " is larger than " + maxFileBytes + " bytes",
                    param);
        }
        Masks.probe(bytes, param);
        String name = u.getSubmittedFileName() == null || u.getSubmittedFileName().isBlank() ? param
                : u.getSubmittedFileName();
        return new Picture(bytes, contentType(bytes), name.length() > 200 ? name.substring(0, 200) : name, null);
    }

    private static String contentType(byte[] bytes) {
        return dev.atelier.engines.generation.ImageBytes.sniffMimeType(bytes);
    }

    /** {@code {image_url}} or {@code {file_id}} (also a bare URL string) from a JSON edit request. */
    Picture reference(Principal p, Object item, String param) {
        String url;
        String fileId;
        if (item instanceof String s) {
            url = s;
            fileId = null;
        } else if (item instanceof Map<?, ?> m) {
            Object u = m.get("image_url");
            Object id = m.get("file_id");
            if ((u == null) == (id == null)) {
                throw OpenAiException.invalid("each " + param + " item needs exactly one of image_url and file_id",
                        param);
            }
            url = u instanceof String s ? s : u instanceof Map<?, ?> um && um.get("url") instanceof String s2 ? s2
                    : null;
            fileId = id instanceof String s ? s : null;
            if (url == null && fileId == null) {
                throw OpenAiException.invalid(param + ": image_url and file_id are strings", param);
            }
        } else {
            throw OpenAiException.invalid(param + " items are {\"image_url\": …} or {\"file_id\": …}", param);
        }
        if (fileId != null) {
            files.requireInput(p.keyId(), fileId, param);
            return new Picture(null, null, null, TaskRequest.InputRef.file(fileId));
        }
        return fromUrl(url, param);
    }

    /** A {@code data:} URL becomes inline bytes; an http(s) URL is fetched by the task (SSRF-guarded). */
    Picture fromUrl(String url, String param) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return fromDataUrl(url, param);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new Picture(null, null, null, TaskRequest.InputRef.url(url));
        }
        throw OpenAiException.invalid(param + " must be an http(s) URL or a data: URL", param);
    }

    private Picture fromDataUrl(String url, String param) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw OpenAiException.invalid(param + ": data URLs must be base64 (data:image/png;base64,…)", param);
        }
        if ((long) (url.length() - comma) * 3 / 4 > maxFileBytes + 3) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the " + param + " is larger than " + maxFileBytes + " bytes",
                    param);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw OpenAiException.invalid(param + ": the data URL is not valid base64", param);
        }
        Masks.probe(bytes, param);
        return new Picture(bytes, contentType(bytes), param + "." + dev.atelier.engines.generation.ImageBytes
                .extension(contentType(bytes)), null);
    }
}
