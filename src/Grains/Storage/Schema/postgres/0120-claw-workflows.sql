-- Workflows: one row per workflow grain, the JSON document plus the columns GET /workflows filters and pages on.
-- Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS claw_workflows (
    id         TEXT    NOT NULL PRIMARY KEY,
    version    BIGINT  NOT NULL,
    doc        JSONB   NOT NULL,
    name       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_workflows_page ON claw_workflows (created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_workflows_status ON claw_workflows (status, created_at, id);
