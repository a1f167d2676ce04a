package dev.atelier.client;

/** How the OpenAI-compatible API returns images. */
public enum ResponseFormat {
    /** A signed URL to download. */
    URL("url"),
    /** The image bytes as Base64 in the answer. */
    B64_JSON("b64_json");

    private final String wire;

    ResponseFormat(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }
}
