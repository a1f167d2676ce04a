package dev.atelier.server.api.youcam;

import dev.atelier.server.testing.TestClient;
import tools.jackson.databind.JsonNode;

/** Lets tests of other packages poll a v2 status the way the flow tests do. */
public final class YouCamFlowsAccess {
    private YouCamFlowsAccess() {}

    public static JsonNode poll(TestClient c, String statusPath) {
        return YouCamFlows.pollUntilDone(c, statusPath, "data", "task_status");
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
