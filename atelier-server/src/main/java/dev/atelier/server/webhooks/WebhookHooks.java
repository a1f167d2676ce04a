package dev.atelier.server.webhooks;

import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskHooks;

/** Webhooks on the task lifecycle: keys with an endpoint need not poll, and outcomes are queued for delivery. */
public final class WebhookHooks implements TaskHooks {
    private final Webhooks webhooks;

    public WebhookHooks(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public boolean exemptFromPolling(String keyId) {
        return webhooks.hasActiveEndpoint(keyId);
    }

    @Override
    public void finished(Task task) {
        webhooks.enqueue(task);
    }
}
