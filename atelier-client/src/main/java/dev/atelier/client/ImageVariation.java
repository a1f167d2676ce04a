package dev.atelier.client;

/** {@code POST /v1/images/variations}: variations of one square PNG (dall-e-2), sent as a multipart form. */
public final class ImageVariation extends ImageCall<ImageVariation> {
    private final Input image;

    ImageVariation(AtelierClient client, Input image) {
        super(client);
        if (!(image instanceof Input.FileInput || image instanceof Input.BytesInput)) {
            throw new IllegalArgumentException("variations take a local file or bytes (the form has no file ids)");
        }
        this.image = image;
    }

    @Override
    ImageVariation self() {
        return this;
    }

    @Override
    GeneratedImages send() {
        Multipart form = LocalImages.form(fields);
        LocalImages.part(form, "image", image);
        return GeneratedImages.of(client, client.transport().postMultipart("/v1/images/variations", form,
                Transport.Dialect.OPENAI_RUN));
    }
}
