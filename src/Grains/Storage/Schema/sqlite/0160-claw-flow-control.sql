-- Flow control. A task's TTL (expires_at: the queue partitions' sweep ends pending tasks past it) and its concurrency
-- key (the key's lane rebuilds its running count from the leased rows). Times are Unix milliseconds.
-- SQLite lacks ADD COLUMN IF NOT EXISTS: the migrator leaves out an ADD COLUMN whose column exists (SqliteAddColumns).
ALTER TABLE claw_tasks ADD COLUMN expires_at INTEGER NULL;
ALTER TABLE claw_tasks ADD COLUMN concurrency_key TEXT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_tasks_pending_expiry ON claw_tasks (queue, expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_tasks_concurrency ON claw_tasks (concurrency_key, status) WHERE concurrency_key IS NOT NULL;

-- Queues as resources: one row per queue an operator configured (PUT /queues/{name}).
CREATE TABLE IF NOT EXISTS claw_queues (
    id         TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL,
    doc        TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Circuit breakers live in the node's document; this column counts those not closed (the monitoring status sums it).
ALTER TABLE claw_nodes ADD COLUMN breakers_tripped INTEGER NOT NULL DEFAULT 0;
