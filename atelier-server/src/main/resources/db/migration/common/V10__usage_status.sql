-- Failed tasks get a usage record too (GET /v1/usage audits every request): its status and engine error code.
-- Existing rows were all written for successful tasks.
ALTER TABLE usage_records ADD COLUMN status TEXT NOT NULL DEFAULT 'success';
ALTER TABLE usage_records ADD COLUMN error_code TEXT;
