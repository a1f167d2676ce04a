-- The webhook reconciler looks up recently finished tasks (Webhooks.reconcile).
CREATE INDEX tasks_finished ON tasks (finished_at);
