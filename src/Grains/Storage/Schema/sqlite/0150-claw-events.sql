-- The cluster-wide timeline: one row per state change (a task's timeline event, a node, workflow or swarm changing
-- status), inserted in the same transaction as the change. seq orders it and is the SSE event id (AUTOINCREMENT: never
-- reused, even after old rows are trimmed); the indexes serve the filters of GET /swarm/timeline and /events. Times
-- are Unix ms.
CREATE TABLE IF NOT EXISTS claw_events (
    seq            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    task_id        TEXT    NULL,
    node_id        TEXT    NULL,
    workflow_id    TEXT    NULL,
    swarm_id       TEXT    NULL,
    queue          TEXT    NULL,
    attempt        INTEGER NULL,
    correlation_id TEXT    NULL,
    detail         TEXT    NULL,
    data           TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_events_task ON claw_events (task_id, seq) WHERE task_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_events_node ON claw_events (node_id, seq) WHERE node_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_events_type ON claw_events (type, seq);
CREATE INDEX IF NOT EXISTS ix_claw_events_at ON claw_events (at);
