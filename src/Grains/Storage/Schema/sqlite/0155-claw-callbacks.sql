-- Callback deliveries: one row per terminal state a task with a callback_url reached, inserted in the transaction that
-- ended it; doc is the task as it ended. Any silo's sender claims due rows (claimed_until) and retries with backoff
-- until it is delivered or its retry window (Claw:Callbacks:RetryFor, 24 h) has passed. Times are Unix ms.
CREATE TABLE IF NOT EXISTS claw_callbacks (
    id              TEXT    NOT NULL PRIMARY KEY,
    task_id         TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    doc             TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    claimed_until   INTEGER NULL,
    delivered_at    INTEGER NULL,
    last_status     INTEGER NULL,
    last_error      TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_callbacks_task ON claw_callbacks (task_id, created_at);
CREATE INDEX IF NOT EXISTS ix_claw_callbacks_due ON claw_callbacks (next_attempt_at) WHERE status = 'pending';
