-- The dead-letter set (failed tasks) in the order they failed, for the bulk retry (POST /tasks/retry). Partial, so
-- only failed rows pay for it.
CREATE INDEX IF NOT EXISTS ix_claw_tasks_failed ON claw_tasks (updated_at, id) WHERE status = 'failed';
