package dev.atelier.server.api.youcam;

import dev.atelier.server.testing.TestClient;
import tools.jackson.databind.JsonNode;

/** Lets tests of other packages poll a v2 status the way the flow tests do. */
public final class YouCamFlowsAccess {
    private YouCamFlowsAccess() {}

    public static JsonNode poll(TestClient c, String statusPath) {
        return YouCamFlows.pollUntilDone(c, statusPath, "data", "task_status");
    }

    /** A legacy access token for the server's test key. */
    public static String legacyToken(dev.atelier.server.testing.TestServer server) throws Exception {
        return server.anonymous().post("/s2s/v1.0/client/auth", java.util.Map.of("client_id", server.key().clientId(),
                "id_token", YouCamFlows.idToken(server.key().clientId(), server.key().publicKey(),
                        server.clock().instant()))).json().path("result").path("access_token").asString();
    }

    /** Uploads through the legacy File API of {@code feature}; returns the file id. */
    public static String uploadLegacy(TestClient c, String feature, String contentType, byte[] bytes) {
        return YouCamFlows.upload(c, feature, contentType, bytes);
    }

    /** Polls a legacy status path ({@code ?task_id=}) until the task is no longer running. */
    public static JsonNode pollLegacy(TestClient c, String statusPath) {
        return YouCamFlows.pollUntilDone(c, statusPath, "result", "status");
    }

    /** Uploads a JPEG through the v2 File API; returns its file id. */
    public static String uploadJpeg(TestClient c, byte[] jpeg) {
        return YouCamFlows.upload(c, "enhance", "image/jpeg", jpeg);
    }
}
