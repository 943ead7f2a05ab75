-- The queue partitions' sweep re-reads pending rows by the time they were last written, to recover any task whose
-- enqueue message was lost with a silo (the table is the truth; the in-memory index is its cache). Partial, so only
-- pending rows pay for it.
CREATE INDEX IF NOT EXISTS ix_claw_tasks_pending_written ON claw_tasks (queue, updated_at) WHERE status = 'pending';
