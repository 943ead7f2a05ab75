-- Swarms: one row per swarm grain, the JSON document plus the columns GET /swarms filters and pages on.
-- Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS claw_swarms (
    id         TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL,
    doc        TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_swarms_page ON claw_swarms (created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_swarms_status ON claw_swarms (status, created_at, id);
-- Swarm health counts a swarm's tasks by status and recent end.
CREATE INDEX IF NOT EXISTS ix_claw_tasks_swarm_status ON claw_tasks (swarm_id, status, updated_at) WHERE swarm_id IS NOT NULL;
