-- Tasks: one row per task grain. The columns serve the list endpoints (status, queue, node, workflow, swarm,
-- priority, keyset paging on created_at), the dispatch-index rebuild (pending rows of a queue) and the lease sweep
-- (leased rows whose deadline passed). Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS claw_tasks (
    id               TEXT    NOT NULL PRIMARY KEY,
    version          BIGINT  NOT NULL,
    doc              JSONB   NOT NULL,
    queue            TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    priority         BIGINT  NOT NULL,
    available_at     BIGINT  NOT NULL,
    node_id          TEXT    NULL,
    lease_id         TEXT    NULL,
    lease_expires_at BIGINT  NULL,
    workflow_id      TEXT    NULL,
    swarm_id         TEXT    NULL,
    dispatch         TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_tasks_page ON claw_tasks (created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_tasks_status ON claw_tasks (status, created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_tasks_queue_status ON claw_tasks (queue, status, priority, available_at);
CREATE INDEX IF NOT EXISTS ix_claw_tasks_node ON claw_tasks (node_id, status) WHERE node_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_tasks_lease_deadline ON claw_tasks (queue, lease_expires_at) WHERE lease_expires_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_tasks_workflow ON claw_tasks (workflow_id, created_at, id) WHERE workflow_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_tasks_swarm ON claw_tasks (swarm_id, created_at, id) WHERE swarm_id IS NOT NULL;

-- Leases are kept by their task (its lease_id, lease_expires_at and document); the table of the former lease grain goes.
DROP TABLE IF EXISTS claw_leases;
